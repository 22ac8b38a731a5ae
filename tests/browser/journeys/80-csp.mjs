// Content-Security-Policy: the app is served with a strict policy (scripts, styles and the
// wasm module from its own origin only, no inline code) and still starts, renders and runs
// GOV.UK Frontend with no violation reported on any page visited, the price curve included;
// the API docs keep working under their own policy. (The pages are the ones other journeys
// already audit with axe-core, which e2e.mjs evaluates rather than injects as inline script.)

export default async function cspJourney(kit) {
  const { page, base, check, assert, heading } = kit;
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  await check('the app shell is served with the strict policy', async () => {
    const res = await page.request.get(`${base}/`);
    const policy = res.headers()['content-security-policy'] ?? '';
    for (const part of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      assert(policy.includes(part), `policy lacks ${part}: ${policy}`);
    }
    assert(!policy.includes('unsafe-inline'), `policy allows inline code: ${policy}`);
    const html = await res.text();
    assert(!/<script>|<script type="module">|<style/.test(html), 'index.html has inline code');
  });

  let open;
  await check('an open idea for the price curve', async () => {
    const body = await (await page.request.get(`${base}/api/v1/ideas?status=open`)).json();
    open = (body.items ?? body)[0];
    assert(open?.id, 'no open demo idea');
  });

  await check('the app starts under the policy with GOV.UK Frontend enabled', async () => {
    await page.goto(`${base}/ideas/${open.id}`);
    await heading(page, open.title);
    const classes = await page.evaluate(() => document.body.className);
    assert(classes.includes('js-enabled') && classes.includes('govuk-frontend-supported'), `body classes: ${classes}`);
    const bars = page.locator('svg.app-curve__bar rect');
    assert((await bars.count()) > 0, 'the price curve has bars');
    const width = Number(await bars.first().getAttribute('width'));
    assert(width > 0 && width <= 100, `bar width ${width}`);
  });

  await check('the home page and idea list report no policy violation', async () => {
    for (const path of ['/', '/ideas']) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor({ state: 'visible' });
    }
    assert(violations.length === 0, `violations:\n${violations.join('\n')}`);
  });

  await check('the API docs render under their own policy', async () => {
    await page.goto(`${base}/docs/`);
    await page.locator('.swagger-ui .info .title').first().waitFor({ state: 'visible' });
    const scripts = violations.filter((v) => /script/i.test(v));
    assert(scripts.length === 0, `script violations on /docs:\n${scripts.join('\n')}`);
  });
}
