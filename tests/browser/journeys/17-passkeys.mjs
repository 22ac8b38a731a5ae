// Passkeys: the newcomer of the authenticator-app journey adds a passkey on "Passkeys" (made
// by Chromium's virtual authenticator through the DevTools protocol, as a laptop's
// fingerprint reader would), signs out, signs in with the password and the passkey, confirms
// it is them with the passkey, then removes it. Then someone new makes a passkey their only
// second factor: the recovery codes come with it, and signing in asks for the passkey.
// axe-core runs on every page and state.

const person = 'jo.newcombe@example.gov.uk';

export default async function passkeysJourney(kit) {
  const { page, base, timeout, runId, demoPassword, check, assert, heading, audit, nav, signInAs, emailedLink } = kit;

  await check('passkeys: the browser has a platform authenticator', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
  });

  await check('passkeys: the newcomer opens Passkeys from their account', async () => {
    await signInAs(page, person, demoPassword);
    await page.locator('#passkeys + p', { hasText: 'A passkey signs you in' }).waitFor({ timeout });
    await page.locator('a', { hasText: 'Add a passkey' }).click();
    await heading(page, 'Passkeys');
    await page.locator('#no-passkeys').waitFor({ timeout });
  });
  await audit(page, 'passkeys');

  await check('passkeys: a passkey needs a name', async () => {
    await page.click('button#passkey');
    await page.locator('.govuk-error-summary a[href="#name"]').waitFor({ timeout });
  });
  await audit(page, 'passkeys (with errors)');

  await check('passkeys: the browser makes one and it is listed', async () => {
    await page.fill('#name', 'Work laptop');
    await page.click('button#passkey');
    await page.locator('.govuk-notification-banner', { hasText: 'Work laptop' }).waitFor({ timeout });
    // The list reloads after the banner.
    await page.locator('#passkeys tbody tr', { hasText: 'Work laptop' }).waitFor({ timeout });
    const rows = await page.locator('#passkeys tbody tr').count();
    assert(rows === 1, `${rows} passkeys listed, not 1`);
    assert((await page.locator('#passkeys tbody tr').innerText()).includes('Not yet'), 'not used yet');
  });
  await audit(page, 'passkeys (one added)');

  await check('passkeys: after the password, sign-in offers the passkey and it signs them in', async () => {
    await nav(page, 'Sign out');
    await heading(page, 'You have signed out');
    await nav(page, 'Sign in');
    await heading(page, 'Sign in');
    await page.fill('#email', person);
    await page.fill('#password', demoPassword);
    await page.click('button[type=submit]');
    await heading(page, 'Enter the code from your authenticator app');
    await page.locator('button#passkey', { hasText: 'Use a passkey' }).waitFor({ timeout });
  });
  await audit(page, 'enter the code (a passkey offered)');

  await check('passkeys: the passkey finishes signing in', async () => {
    await page.click('button#passkey');
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
    await page.locator('#passkeys + p', { hasText: 'You have 1 passkey.' }).waitFor({ timeout });
  });

  await check('passkeys: confirming it is you with the passkey goes back', async () => {
    await page.locator('a', { hasText: 'Manage your passkeys' }).click();
    await heading(page, 'Passkeys');
    await page.goto(`${base}/account/confirm-it-is-you`);
    await heading(page, 'Confirm it is you');
    await page.locator('button#passkey').waitFor({ timeout });
  });
  await audit(page, 'confirm it is you (a passkey offered)');

  await check('passkeys: removing it leaves none', async () => {
    await page.click('button#passkey');
    await page.waitForURL(`${base}/account/passkeys`, { timeout });
    await heading(page, 'Passkeys');
    await page.locator('#passkeys tbody tr', { hasText: 'Work laptop' }).waitFor({ timeout });
    await page.locator('button', { hasText: 'Remove' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'removed' }).waitFor({ timeout });
    await page.locator('#no-passkeys').waitFor({ timeout });
  });
  await audit(page, 'passkeys (one removed)');

  const newcomer = `passkey.${runId}@council.example`;
  const password = 'a passkey newcomer password';
  await check('passkeys: someone new registers and confirms their address', async () => {
    // Signed out first: the API call must not carry the signed-in person's session cookie
    // (a cookie write without the CSRF token is refused).
    await page.goto(`${base}/sign-out`);
    await heading(page, 'You have signed out');
    const res = await page.request.fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify({ email: newcomer, password, display_name: 'Pat Passkey' }),
    });
    assert(res.status() < 300, `register: ${res.status()}`);
    await page.goto(await emailedLink(newcomer, '/verify-email'));
    await heading(page, 'Email address confirmed');
    await page.goto(`${base}/sign-in`);
    await heading(page, 'Sign in');
    await page.fill('#email', newcomer);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
  });

  await check('passkeys: a first passkey brings the recovery codes', async () => {
    await page.locator('a', { hasText: 'Add a passkey' }).click();
    await heading(page, 'Passkeys');
    await page.fill('#name', 'Phone');
    await page.click('button#passkey');
    await heading(page, 'Save your recovery codes');
    const codes = await page.locator('#recovery-codes li').count();
    assert(codes === 10, `${codes} recovery codes shown, not 10`);
  });
  await audit(page, 'recovery codes (a passkey)');

  await check('passkeys: with only a passkey, signing in asks for it', async () => {
    await page.locator('a', { hasText: 'Continue to your account' }).click();
    await heading(page, 'Your account');
    await nav(page, 'Sign out');
    await heading(page, 'You have signed out');
    await nav(page, 'Sign in');
    await heading(page, 'Sign in');
    await page.fill('#email', newcomer);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await heading(page, 'Use your passkey to sign in');
    await page.locator('#recovery_code').waitFor({ timeout });
  });
  await audit(page, 'use your passkey to sign in');

  await check('passkeys: the passkey alone finishes signing in', async () => {
    await page.click('button#passkey');
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
  });
}
