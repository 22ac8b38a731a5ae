// Starts the app (kept out of index.html so the Content-Security-Policy needs no inline script).
import init from '/app.js';
import { initAll } from '/govuk-frontend.min.js';

// The app renders pages in place, so GOV.UK Frontend's behaviours (error summary links,
// the mobile menu, banners, buttons) are attached whenever the page changes. Elements
// already set up report an InitError, which is expected and ignored.
const ignoreRepeats = (error) => {
  if (error.name !== 'InitError') console.error(error);
};
let queued = false;
new MutationObserver(() => {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    initAll({ scope: document.body, onError: ignoreRepeats });
  });
}).observe(document.body, { childList: true, subtree: true });

await init();
