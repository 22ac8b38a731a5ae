// Signing in with an authenticator app: the demo newcomer adds an app through the API (the
// code worked out here, by an independent RFC 6238 implementation on node:crypto), then signs
// in through the page: the password, then "Enter the code from your authenticator app" (a
// wrong code shows the error summary), then their account. axe-core runs on every state.

import { nextCode, rememberSecret } from '../totp.mjs';

const person = 'jo.newcombe@example.gov.uk';

export default async function mfaJourney(kit) {
  const { page, base, timeout, demoPassword, check, assert, heading, audit, nav } = kit;
  const api = async (method, path, token, body) => {
    const res = await page.request.fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      data: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status(), body: text ? JSON.parse(text) : null };
  };

  await check('mfa: the newcomer adds an authenticator app', async () => {
    const login = await api('POST', '/auth/login', null, { email: person, password: demoPassword });
    assert(login.status === 200, `sign in: ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.access_token;
    const started = await api('POST', '/me/mfa/totp', token, {});
    assert(started.status === 201, `start: ${started.status}`);
    const secret = started.body.secret;
    // Later journeys sign this person in again: the codes used are tracked with the secret.
    rememberSecret(person, secret);
    const confirmed = await api('POST', '/me/mfa/totp/confirm', token, { code: await nextCode(person) });
    assert(confirmed.status === 200, `confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    assert(confirmed.body.codes.length === 10, 'ten recovery codes');
  });

  await check('mfa: after the password, the sign-in page asks for the code', async () => {
    await nav(page, 'Sign out');
    await heading(page, 'You have signed out');
    await nav(page, 'Sign in');
    await heading(page, 'Sign in');
    await page.fill('#email', person);
    await page.fill('#password', demoPassword);
    await page.click('button[type=submit]');
    await heading(page, 'Enter the code from your authenticator app');
    const autocomplete = await page.getAttribute('#code', 'autocomplete');
    assert(autocomplete === 'one-time-code', `autocomplete is ${autocomplete}`);
  });
  await audit(page, 'enter the code');

  await check('mfa: a wrong code shows the error summary', async () => {
    await page.fill('#code', '000000');
    await page.click('button[type=submit]');
    await page.locator('.govuk-error-summary a[href="#code"]').waitFor({ timeout });
  });
  await audit(page, 'enter the code (with errors)');

  await check('mfa: the right code signs them in', async () => {
    await page.fill('#code', await nextCode(person));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
  });
}
