// Starts the app (kept out of index.html so the Content-Security-Policy needs no inline script).
// The app ships as several wasm bundles, one per area (see web/src/bundles.rs); this picks the
// one that holds the page asked for. A page of another bundle is then loaded in full.
import { initAll } from '/govuk-frontend.min.js';
import { bundleFor } from '/bundles.js';

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

const { default: init } = await import(`/${bundleFor(location.pathname)}.js`);
await init();
// Marks the page as scripted before it renders, as GOV.UK Frontend expects (a file, not
// inline, so the Content-Security-Policy allows it).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
