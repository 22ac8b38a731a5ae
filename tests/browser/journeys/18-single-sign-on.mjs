// Single sign-on, in Chromium, through a real OpenID provider (node-oidc-provider, started
// here from tests/oidc): Kirklees Council's owner sets it up for kirklees.example (refused
// first with nothing filled in, then asked to confirm it is them), then someone new at the
// council signs in with their organisation: the sign-in page sends them to the provider,
// whose one-button page signs them in, and they come back to CC2i signed in. A domain no
// provider vouches for, and a failed sign-in coming back, show the error summary. Finally the
// owner turns it off. axe-core runs on every CC2i page and state.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const owner = 'priya.shah@kirklees.example';
const newcomer = 'sam.okafor@kirklees.example';

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startProvider(base) {
  const port = await freePort();
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../oidc');
  const child = spawn('node', ['provider.mjs'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      CLIENT_ID: 'cc2i-browser',
      CLIENT_SECRET: 'cc2i-browser-secret',
      REDIRECT_URI: `${base}/api/v1/auth/sso/callback`,
      LOGIN_AS: newcomer,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    child.on('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
  });
  return { child, issuer: `http://127.0.0.1:${port}` };
}

export default async function singleSignOn(kit) {
  const { page, base, timeout, demoPassword, check, assert, heading, audit, nav, signInAs, stepUp } = kit;
  const provider = await startProvider(base);
  let settingsUrl = '';
  try {
    await check('single sign-on: the owner opens it from the organisation page', async () => {
      await signInAs(page, owner, demoPassword);
      await page.goto(`${base}/organisations`);
      await page.locator('main a', { hasText: 'Kirklees Council' }).first().click();
      await heading(page, 'Kirklees Council');
      await page.locator('main a', { hasText: 'Single sign-on' }).click();
      await heading(page, 'Single sign-on');
      settingsUrl = page.url();
      const uri = await page.locator('#redirect-uri').innerText();
      assert(uri === `${base}/api/v1/auth/sso/callback`, `the redirect URI shown is ${uri}`);
    });
    await audit(page, 'single sign-on (not set up)');

    await check('single sign-on: saving with nothing filled in shows the error summary', async () => {
      await page.click('button:has-text("Save single sign-on")');
      const summary = page.locator('.govuk-error-summary');
      await summary.waitFor({ state: 'visible', timeout });
      assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
    });
    await audit(page, 'single sign-on (with errors)');

    await check('single sign-on: the owner confirms it is them and saves the provider', async () => {
      await page.goto(settingsUrl);
      await heading(page, 'Single sign-on');
      await page.fill('#issuer', provider.issuer);
      await page.fill('#client_id', 'cc2i-browser');
      await page.fill('#client_secret', 'cc2i-browser-secret');
      await page.fill('#domains', 'kirklees.example');
      await page.click('button:has-text("Save single sign-on")');
      const asked = page.locator('.govuk-error-summary a', { hasText: 'Confirm it is you' });
      const saved = page.locator('.govuk-notification-banner--success', { hasText: 'Single sign-on saved' });
      const first = await Promise.race([
        asked.waitFor({ timeout }).then(() => 'asked'),
        saved.waitFor({ timeout }).then(() => 'saved'),
      ]);
      if (first === 'asked') {
        await stepUp(page, owner, 'single sign-on');
        await heading(page, 'Single sign-on');
        await page.fill('#issuer', provider.issuer);
        await page.fill('#client_id', 'cc2i-browser');
        await page.fill('#client_secret', 'cc2i-browser-secret');
        await page.fill('#domains', 'kirklees.example');
        await page.click('button:has-text("Save single sign-on")');
        await saved.waitFor({ timeout });
      }
      await page.locator('.govuk-summary-list', { hasText: 'kirklees.example' }).waitFor({ timeout });
    });
    await audit(page, 'single sign-on (set up)');

    await check('single sign-on: a domain no provider vouches for is told to use a password', async () => {
      await nav(page, 'Sign out');
      await heading(page, 'You have signed out');
      await nav(page, 'Sign in');
      await heading(page, 'Sign in');
      await page.locator('main a', { hasText: 'Sign in with your organisation' }).click();
      await heading(page, 'Sign in with your organisation');
      await audit(page, 'sign in with your organisation');
      await page.fill('#email', 'someone@elsewhere.example');
      await page.click('button:has-text("Continue")');
      await page.locator('.govuk-error-summary a[href="#email"]', { hasText: 'does not sign you in' }).waitFor({ timeout });
    });
    await audit(page, 'sign in with your organisation (no provider)');

    await check('single sign-on: a newcomer signs in through the provider and comes back signed in', async () => {
      await page.fill('#email', newcomer);
      await page.click('button:has-text("Continue")');
      await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout });
      await page.locator('h1', { hasText: 'Test identity provider' }).waitFor({ timeout });
      await page.click('button:has-text("Sign in")');
      await page.waitForURL(`${base}/account`, { timeout });
      await heading(page, 'Your account');
      await page.locator('main', { hasText: newcomer }).waitFor({ timeout });
    });
    await audit(page, 'account (signed in with the organisation)');

    await check('single sign-on: a sign-in that failed at the provider comes back with the reason', async () => {
      await page.goto(`${base}/sign-in/organisation?sso_error=sso_state_invalid`);
      await heading(page, 'Sign in with your organisation');
      await page.locator('.govuk-error-summary', { hasText: 'has expired or was started in another browser' }).waitFor({ timeout });
      assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
    });
    await audit(page, 'sign in with your organisation (failed at the provider)');

    await check('single sign-on: the owner turns it off', async () => {
      await signInAs(page, owner, demoPassword);
      await page.goto(settingsUrl);
      await heading(page, 'Single sign-on');
      await page.click('button:has-text("Turn off single sign-on")');
      await page.click('button:has-text("Yes, turn it off")');
      const asked = page.locator('.govuk-error-summary a', { hasText: 'Confirm it is you' });
      const done = page.locator('.govuk-notification-banner--success', { hasText: 'Single sign-on turned off' });
      const first = await Promise.race([
        asked.waitFor({ timeout }).then(() => 'asked'),
        done.waitFor({ timeout }).then(() => 'done'),
      ]);
      if (first === 'asked') {
        await stepUp(page, owner, 'turning off single sign-on');
        await page.click('button:has-text("Turn off single sign-on")');
        await page.click('button:has-text("Yes, turn it off")');
        await done.waitFor({ timeout });
      }
      // The page reloads the settings after the banner: the provider's summary goes.
      await page.locator('.govuk-summary-list').waitFor({ state: 'detached', timeout });
    });
    await audit(page, 'single sign-on (turned off)');
  } finally {
    provider.child.kill();
  }
}
