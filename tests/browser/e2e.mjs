// The CC2i journey in headless Chromium: register, create an organisation, find it, sign out,
// sign in as a platform admin and verify it; then browse the demo's open ideas, post an idea
// as a member of a verified demo organisation through the whole task list (with validation
// errors from the browser and from the API), submit it, publish it as the admin and find it
// on the home page; see it recommended (with reasons) to a member of a matching organisation,
// see who was told and who responded, invite organisations and people, and set how often
// notifications are emailed. axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) runs on every page
// and state visited, error states included.
//
// Environment: CC2I_URL (default http://127.0.0.1:8080), CC2I_ADMIN_EMAIL and
// CC2I_ADMIN_PASSWORD (a platform admin), optionally CC2I_SCREENSHOTS (a folder for a
// full-page PNG of every audited page). Prints one line per check, then "N passed, M failed";
// exits 1 if anything failed.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { hasSecret, nextCode, rememberSecret } from './totp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.env.CC2I_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const adminEmail = process.env.CC2I_ADMIN_EMAIL;
const adminPassword = process.env.CC2I_ADMIN_PASSWORD;
const screenshots = process.env.CC2I_SCREENSHOTS;
if (!adminEmail || !adminPassword) {
  console.error('Set CC2I_ADMIN_EMAIL and CC2I_ADMIN_PASSWORD to a platform admin account.');
  process.exit(2);
}

const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const timeout = 15_000;

const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const runId = `${Date.now().toString(36)}${digits(4)}`;
const demoPassword = 'cc2i demo password';
const user = {
  name: 'Alex Morgan',
  email: `e2e-${runId}@example.gov.uk`,
  password: 'purple monkey dishwasher lamp',
};
const org = {
  name: `Test Borough Council ${runId}`,
  identifier: `GB-COH-${digits(8)}`,
};

let passed = 0;
let failed = 0;
let currentPage;
let audits = 0;
const titles = new Map();

class JourneyStopped extends Error {}

/** Runs one check; a failure stops the journey, since later steps depend on earlier ones. */
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    if (screenshots && currentPage) {
      mkdirSync(screenshots, { recursive: true });
      await currentPage.screenshot({ path: join(screenshots, 'FAILED.png'), fullPage: true }).catch(() => {});
    }
    console.log(`FAIL ${name}\n     ${String(error.message ?? error).split('\n').join('\n     ')}`);
    throw new JourneyStopped(name);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits for the page's one h1 to read `text` (the app renders after the wasm loads). */
async function heading(page, text) {
  await page.locator('h1', { hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** Audits the rendered page: axe-core WCAG A/AA, one h1, unique title, landmarks, language. */
async function audit(page, label) {
  audits += 1;
  await check(`axe: ${label}`, async () => {
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      const file = `${String(audits).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await page.screenshot({ path: join(screenshots, file), fullPage: true });
    }
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
      // Evaluated over the DevTools protocol, not added as an inline <script>, which the
      // app's Content-Security-Policy (script-src 'self') rightly refuses.
      await page.evaluate(axeSource);
    }
    const result = await page.evaluate(
      (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
      axeTags,
    );
    const problems = result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n       ${v.nodes.map((n) => n.target.join(' ')).join('\n       ')}`,
    );
    const page_ = await page.evaluate(() => ({
      h1s: document.querySelectorAll('h1').length,
      title: document.title,
      lang: document.documentElement.lang,
      main: !!document.querySelector('main#main-content'),
      skip: document.querySelector('a.govuk-skip-link')?.getAttribute('href'),
      gdsTransport: [...document.querySelectorAll('*')].filter((e) =>
        getComputedStyle(e).fontFamily.includes('GDS Transport'),
      ).length,
    }));
    if (page_.h1s !== 1) problems.push(`expected exactly one h1, found ${page_.h1s}`);
    if (page_.lang !== 'en-GB') problems.push(`html lang is "${page_.lang}", not en-GB`);
    if (!page_.main) problems.push('no <main id="main-content">');
    if (page_.skip !== '#main-content') problems.push('no skip link to #main-content');
    if (page_.gdsTransport > 0) problems.push(`${page_.gdsTransport} element(s) use GDS Transport`);
    if (!/ – CC2i$/.test(page_.title)) problems.push(`title "${page_.title}" does not end "– CC2i"`);
    const seen = titles.get(page_.title);
    if (seen && seen !== label.split(' (')[0]) {
      problems.push(`title "${page_.title}" is also used by "${seen}"`);
    }
    titles.set(page_.title, label.split(' (')[0]);
    assert(problems.length === 0, `${problems.length} problem(s) on ${page.url()}:\n  ${problems.join('\n  ')}`);
  });
}

/** Follows a link in the service navigation. */
async function nav(page, text) {
  await page.locator('.govuk-service-navigation__list a', { hasText: text }).click();
}

async function journey(page) {
  await check('home page loads', async () => {
    await page.goto(`${base}/`);
    await heading(page, 'Co-fund digital work');
  });
  await audit(page, 'home');

  await check('register page opens from the navigation', async () => {
    await nav(page, 'Register');
    await heading(page, 'Create an account');
  });
  await audit(page, 'register');

  await check('register with bad input shows the error summary and field errors', async () => {
    await page.fill('#display_name', '');
    await page.fill('#email', 'not-an-email');
    await page.fill('#password', 'short');
    await page.click('button[type=submit]');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    for (const field of ['display_name', 'email', 'password']) {
      await summary.locator(`a[href="#${field}"]`).waitFor({ timeout });
      const message = await page.locator(`#${field}-error`).innerText();
      assert(/^Error:/.test(message.trim()), `#${field}-error lacks the "Error:" prefix: ${message}`);
      const describedBy = await page.getAttribute(`#${field}`, 'aria-describedby');
      assert(describedBy?.includes(`${field}-error`), `#${field} is not described by its error`);
    }
    assert((await page.locator('.govuk-form-group--error').count()) === 3, 'expected 3 fields in error');
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
    const focused = await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'));
    assert(focused, 'the error summary did not take focus');
  });
  await audit(page, 'register (with errors)');

  await check('register a new user and see "Check your email"', async () => {
    await page.fill('#display_name', user.name);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('button[type=submit]');
    await heading(page, 'Check your email');
    await page.locator('main', { hasText: user.email }).waitFor({ timeout });
  });
  await audit(page, 'check your email');

  await check('the link emailed to them confirms the address', async () => {
    const link = await emailedLink(user.email, '/verify-email');
    await page.goto(link);
    await heading(page, 'Email address confirmed');
  });
  await audit(page, 'email address confirmed');

  await check('a used link says so', async () => {
    const link = await emailedLink(user.email, '/verify-email');
    await page.goto(link);
    await heading(page, 'This link has already been used');
  });
  await audit(page, 'link already used');

  await check('forgotten password: the form answers "Check your email" and the link sets a new password', async () => {
    await page.goto(`${base}/sign-in`);
    await page.locator('main a', { hasText: 'Forgotten your password?' }).click();
    await heading(page, 'Reset your password');
    await page.click('button[type=submit]');
    await page.locator('.govuk-error-summary').waitFor({ state: 'visible', timeout });
    await page.fill('#email', user.email);
    await page.click('button[type=submit]');
    await heading(page, 'Check your email');
    const link = await emailedLink(user.email, '/reset-password');
    await page.goto(link);
    await heading(page, 'Choose a new password');
    await audit(page, 'choose a new password');
    user.password = `${user.password} again`;
    await page.fill('#new_password', user.password);
    await page.click('button[type=submit]');
    await heading(page, 'Sign in');
    await page.locator('.govuk-notification-banner', { hasText: 'Your password has been changed' }).waitFor({ timeout });
  });
  await audit(page, 'sign in (after a password reset)');

  await check('they sign in with the new password and land on /account', async () => {
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
    await page.locator('.govuk-summary-list', { hasText: user.email }).waitFor({ timeout });
    await page.locator('.govuk-service-navigation__list a', { hasText: 'Sign out' }).waitFor({ timeout });
  });

  await check('the session is an HttpOnly cookie the page cannot read, and nothing is in local storage', async () => {
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'cc2i_session');
    assert(session?.httpOnly, 'no HttpOnly session cookie');
    assert(session.sameSite === 'Lax', `session cookie SameSite is ${session.sameSite}`);
    const readable = await page.evaluate(() => document.cookie);
    assert(!readable.includes('cc2i_session'), 'the page can read the session cookie');
    const stored = await page.evaluate(() => JSON.stringify(Object.keys(localStorage)));
    assert(stored === '[]', `local storage holds ${stored}`);
  });

  await check('their account lists this browser among their sessions', async () => {
    const sessions = page.locator('#sessions + table, table.app-sessions');
    await sessions.locator('tr', { hasText: 'This browser' }).waitFor({ timeout });
  });
  await audit(page, 'account');

  await check('the home page has nothing to recommend before they join an organisation', async () => {
    await page.locator('.govuk-generic-header__homepage-link').click();
    await heading(page, 'Co-fund digital work');
    await page
      .locator('section.app-recommended', { hasText: 'You are not a member of an organisation yet' })
      .waitFor({ timeout });
  });
  await audit(page, 'home (no organisation)');

  await check('back to their account', async () => {
    await nav(page, 'Your account');
    await heading(page, 'Your account');
  });

  await check('the organisation form shows errors for missing answers', async () => {
    await page.locator('main a', { hasText: 'Register an organisation' }).click();
    await heading(page, 'Register an organisation');
    await page.click('button[type=submit]');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    for (const field of ['name', 'kind', 'region', 'identifier']) {
      await summary.locator(`a[href="#${field}"]`).waitFor({ timeout });
    }
  });
  await audit(page, 'register an organisation (with errors)');

  let orgUrl = '';
  await check('create an organisation and land on its page', async () => {
    await page.fill('#name', org.name);
    await page.selectOption('#kind', 'local_authority');
    await page.selectOption('#region', 'yorkshire_and_the_humber');
    await page.fill('#identifier', org.identifier);
    await page.fill('#website', 'https://www.example.gov.uk');
    await page.fill('#description', 'A council that runs this end-to-end test.');
    await page.check('input[name=service_areas][value=housing]');
    await page.check('input[name=service_areas][value=waste]');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/organisations\/[^/]+$/, { timeout });
    await heading(page, org.name);
    orgUrl = page.url();
    assert(!orgUrl.endsWith('/new'), 'stayed on the form');
    await page.locator('.govuk-summary-list .govuk-tag', { hasText: 'Not verified' }).waitFor({ timeout });
    await page.locator('.govuk-table', { hasText: user.email }).waitFor({ timeout });
    await page.locator('form', { hasText: 'Add a member' }).waitFor({ timeout });
  });
  await audit(page, 'organisation (owner)');

  await check('the organisation is listed when filtering by name', async () => {
    await nav(page, 'Organisations');
    await heading(page, 'Organisations');
    await page.fill('#q', org.name);
    await page.click('form.app-filter button[type=submit]');
    await page.waitForURL(/\/organisations\?.*q=/, { timeout });
    const result = page.locator('.app-results__item', { hasText: org.name });
    await result.waitFor({ timeout });
    await result.locator('.govuk-tag', { hasText: 'Not verified' }).waitFor({ timeout });
  });
  await audit(page, 'organisations (filtered)');

  await check('sign out', async () => {
    await nav(page, 'Sign out');
    await heading(page, 'You have signed out');
    await page.locator('.govuk-service-navigation__list a', { hasText: 'Sign in' }).waitFor({ timeout });
    const cookies = await page.context().cookies();
    assert(!cookies.some((c) => c.name === 'cc2i_session'), 'the session cookie outlived signing out');
    assert(!cookies.some((c) => c.name === 'cc2i_csrf'), 'the CSRF cookie outlived signing out');
  });
  await audit(page, 'signed out');

  await check('sign in page opens from the navigation', async () => {
    await nav(page, 'Sign in');
    await heading(page, 'Sign in');
  });
  await audit(page, 'sign in');

  await check('a wrong password shows the error summary', async () => {
    // The new user's address, so repeated runs never lock the admin out.
    await page.fill('#email', user.email);
    await page.fill('#password', 'not the right password at all');
    await page.click('button[type=submit]');
    await page
      .locator('.govuk-error-summary', { hasText: 'Enter a correct email address and password' })
      .waitFor({ state: 'visible', timeout });
  });
  await audit(page, 'sign in (with errors)');

  await check('sign in as the platform admin', async () => {
    await page.fill('#email', adminEmail);
    await page.fill('#password', adminPassword);
    await page.click('button[type=submit]');
    await finishSignIn(page, adminEmail);
    await page.locator('.govuk-summary-list', { hasText: 'Platform administrator' }).waitFor({ timeout });
  });
  await audit(page, 'account (admin)');

  await check('platform staff must add an authenticator app: the admin adds one', async () => {
    assert(!hasSecret(adminEmail), 'the admin already has an app');
    await addAuthenticatorApp(page, adminEmail, 'admin');
  });
  await audit(page, 'account (admin, with an app)');

  await check('the admin opens the organisation', async () => {
    await page.goto(orgUrl);
    await heading(page, org.name);
    await page.locator('button', { hasText: 'Verify this organisation' }).waitFor({ timeout });
  });
  await audit(page, 'organisation (admin)');

  await check('verifying asks the admin to confirm it is you (the app was added after signing in)', async () => {
    await page.click('button:has-text("Verify this organisation")');
    await page.locator('.govuk-error-summary a', { hasText: 'Confirm it is you' }).waitFor({ timeout });
    await audit(page, 'organisation (confirm it is you)');
    await stepUp(page, adminEmail, 'admin');
    await heading(page, org.name);
  });

  await check('verify the organisation and see "Verified"', async () => {
    await page.click('button:has-text("Verify this organisation")');
    await page
      .locator('.govuk-notification-banner--success', { hasText: 'is now verified' })
      .waitFor({ state: 'visible', timeout });
    await page.locator('.govuk-summary-list .govuk-tag', { hasText: /^Verified$/ }).waitFor({ timeout });
    assert(
      (await page.locator('button', { hasText: 'Verify this organisation' }).count()) === 0,
      'the verify button is still shown',
    );
  });
  await audit(page, 'organisation (verified)');

  const garden = await ideasJourney(page);
  await radarJourney(page, garden);
  await pledgingJourney(page);
  await moreJourneys(page);

  await check('an unknown address shows the not-found page', async () => {
    await page.goto(`${base}/no-such-page-${runId}`);
    await heading(page, 'Page not found');
  });
  await audit(page, 'page not found');
}

/** Signs out through the navigation, then signs in as someone else. */
/**
 * Runs every `journeys/*.mjs` in name order. Each exports a default async function that
 * takes this kit; the demo data and everything earlier journeys did are there to build on.
 */
async function moreJourneys(page) {
  const dir = join(here, 'journeys');
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  } catch {
    return;
  }
  const kit = { page, base, timeout, runId, adminEmail, adminPassword, demoPassword, check, assert, heading, audit, nav, signInAs, finishSignIn, emailedLink, stepUp };
  for (const file of files) {
    const { default: run } = await import(join(dir, file));
    await run(kit);
  }
}

/**
 * The newest link to `path` (like `/verify-email`) in an email to `address`, read from the
 * server's outbox of `.eml` files (CC2I_DATA_DIR/outbox), waiting for it to arrive.
 */
async function emailedLink(address, path) {
  const dir = join(process.env.CC2I_DATA_DIR ?? '', 'outbox');
  for (let i = 0; i < 100; i += 1) {
    let names = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort().reverse();
    } catch {
      names = [];
    }
    for (const name of names) {
      const raw = readFileSync(join(dir, name), 'utf8');
      const head = raw.split('\r\n\r\n')[0].toLowerCase();
      if (!/^to: .*$/m.test(head) || !head.match(/^to: .*$/m)[0].includes(address.toLowerCase())) continue;
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      const found = text.match(new RegExp(`https?://[^\\s"<>]*${path}\\?token=[A-Za-z0-9_-]+`));
      if (found) return found[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email to ${address} with a ${path} link`);
}

async function signInAs(page, email, password) {
  await nav(page, 'Sign out');
  await heading(page, 'You have signed out');
  await nav(page, 'Sign in');
  await heading(page, 'Sign in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await finishSignIn(page, email);
}

/**
 * After the password: "Enter the code from your authenticator app" when the account has one
 * (demo owners and admins of verified organisations, staff who added one), then the account.
 */
async function finishSignIn(page, email) {
  const codeStep = page.locator('h1', { hasText: 'Enter the code from your authenticator app' });
  const account = page.waitForURL(`${base}/account`, { timeout }).then(() => 'account');
  const asked = codeStep.waitFor({ timeout }).then(() => 'code');
  const first = await Promise.race([account.catch(() => 'none'), asked.catch(() => 'none')]);
  account.catch(() => {});
  asked.catch(() => {});
  if (first === 'code') {
    await page.fill('#code', await nextCode(email));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/account`, { timeout });
  }
  await heading(page, 'Your account');
}

/**
 * Adds an authenticator app through "Set up an authenticator app" (from the account page):
 * a wrong code first, then the key typed from the page, then the ten recovery codes.
 */
async function addAuthenticatorApp(page, email, label) {
  await page.locator('a', { hasText: 'Set up an authenticator app' }).click();
  await heading(page, 'Set up an authenticator app');
  await page.locator('.app-qr svg[role=img]').waitFor({ timeout });
  await audit(page, `set up an authenticator app (${label})`);
  await page.fill('#code', '000000');
  await page.click('button[type=submit]');
  await page.locator('.govuk-error-summary a[href="#code"]').waitFor({ timeout });
  await audit(page, `set up an authenticator app (${label}, with errors)`);
  await page.locator('summary', { hasText: 'I cannot scan the QR code' }).click();
  rememberSecret(email, await page.locator('#totp-secret').innerText());
  await page.fill('#code', await nextCode(email));
  await page.click('button[type=submit]');
  await heading(page, 'Save your recovery codes');
  const codes = await page.locator('#recovery-codes li').count();
  if (codes !== 10) throw new Error(`${codes} recovery codes shown, not 10`);
  await audit(page, `recovery codes (${label})`);
  await page.locator('a', { hasText: 'Continue to your account' }).click();
  await heading(page, 'Your account');
  await page.locator('#authenticator-app + p', { hasText: 'You sign in with a code from your authenticator app' }).waitFor({ timeout });
}

/**
 * Confirms it is you when an action answers that it needs a recent code: the error summary
 * links to "Enter the code from your authenticator app", and the page goes back after it.
 */
async function stepUp(page, email, label) {
  await page.locator('.govuk-error-summary a', { hasText: 'Confirm it is you' }).click();
  await heading(page, 'Confirm it is you');
  await audit(page, `confirm it is you (${label})`);
  await page.fill('#code', await nextCode(email));
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/account/confirm-it-is-you'), { timeout });
}

/** The status shown beside a task on the task list. */
async function taskStatus(page, name) {
  const item = page.locator('.govuk-task-list__item', { hasText: name });
  return (await item.locator('.govuk-task-list__status').innerText()).trim();
}

/** Opens a task from the task list and waits for its page. */
async function openTask(page, name, title = name) {
  await page.locator('.govuk-task-list__link', { hasText: name }).click();
  await heading(page, title);
}

/** Presses "Save and continue" on a business case page and waits for the task list. */
async function saveAndContinue(page, task) {
  await page.click('button:has-text("Save and continue")');
  await page.waitForURL(/\/tasks$/, { timeout });
  await page.locator('.govuk-task-list').first().waitFor({ timeout });
  const status = await taskStatus(page, task);
  assert(status === 'Completed', `${task} is "${status}", not Completed`);
}

async function ideasJourney(page) {
  const demoIdea = 'Online housing repairs reporting';
  const idea = { title: `Shared garden waste subscriptions ${runId}` };
  const closes = new Date(Date.now() + 60 * 24 * 3600 * 1000);

  await check("the home page lists the demo's open ideas with funding progress", async () => {
    await page.goto(`${base}/`);
    await heading(page, 'Co-fund digital work');
    const item = page.locator('.app-results__item', { hasText: demoIdea });
    await item.waitFor({ timeout });
    await page.locator('.app-results__item', { hasText: 'Shared adult social care referral form' }).waitFor({ timeout });
    const bar = item.locator('progress.app-funding__bar');
    assert((await bar.getAttribute('max')) === '10000', 'the progress bar has no max');
    assert((await bar.getAttribute('aria-label')) === `Funding for ${demoIdea}`, 'the progress bar is not named');
    const text = await item.locator('.app-funding__text').innerText();
    assert(/0% funded: £0 of £291,000 from 0 organisations/.test(text), `funding text: ${text}`);
    assert(/Target cost: £291,000/.test(await item.innerText()), 'no target cost');
    assert(/\d+ days left/.test(await item.innerText()), 'no days left');
    assert((await page.locator('.app-results__item', { hasText: 'GP surgery booking integration' }).count()) === 0,
      'an idea in review is listed');
  });
  await audit(page, 'home (open ideas)');

  await check('filtering the open ideas by words', async () => {
    await page.fill('#q', 'repairs');
    await page.selectOption('#sort', 'closing_soon');
    await page.click('form.app-filter button[type=submit]');
    await page.waitForURL(/\/\?.*q=repairs/, { timeout });
    await page.locator('.app-results__item', { hasText: demoIdea }).waitFor({ timeout });
    await page.locator('.app-results__item', { hasText: 'Shared adult social care' }).waitFor({ state: 'detached', timeout });
  });
  await audit(page, 'home (filtered)');

  await check("a demo idea's page links to its business case", async () => {
    await page.locator('.app-results__item a', { hasText: demoIdea }).first().click();
    await heading(page, demoIdea);
    // The description, in markdown.
    await page.locator('h3.govuk-heading-s', { hasText: 'The problem' }).waitFor({ timeout });
    await page.locator('main a', { hasText: 'Read the business case' }).waitFor({ timeout });
    assert(/\(version 1\)/.test(await page.locator('main p', { hasText: 'Read the business case' }).innerText()), 'no version');
  });
  await audit(page, 'idea (demo)');

  await check("the demo idea's business case has a page of its own", async () => {
    await page.locator('main a', { hasText: 'Read the business case' }).click();
    await heading(page, 'Business case');
    for (const section of ['Strategic case', 'Economic case', 'Commercial case', 'Financial case', 'Management case']) {
      await page.locator('h2', { hasText: section }).waitFor({ timeout });
    }
    assert((await page.locator('#total-cost').innerText()).trim() === '£291,000', 'wrong total cost');
    await page.locator('.govuk-summary-list__value', { hasText: '99.9% each month' }).waitFor({ timeout });
    assert((await page.title()).startsWith('Business case: Online housing repairs reporting'), `title: ${await page.title()}`);
  });
  await audit(page, 'business case (demo)');

  await check('sign in as the owner of a verified demo organisation', async () => {
    await signInAs(page, 'priya.shah@kirklees.example', 'cc2i demo password');
  });

  await check('"Post an idea" asks for the organisation and the details', async () => {
    await nav(page, 'Ideas');
    await heading(page, 'Ideas');
    await page.locator('main a', { hasText: 'Post an idea' }).click();
    await heading(page, 'Post an idea');
    await page.getByLabel('Kirklees Council', { exact: true }).waitFor({ timeout });
  });
  await audit(page, 'post an idea');

  await check('posting an idea with nothing filled in shows the error summary', async () => {
    await page.fill('#min_pledgers', 'two');
    await page.click('button:has-text("Save and continue")');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    for (const field of ['organisation_id', 'title', 'summary', 'service_areas', 'deadline', 'min_pledgers']) {
      await summary.locator(`a[href="#${field}"]`).waitFor({ timeout });
    }
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'post an idea (with errors)');

  let tasksUrl = '';
  await check('posting an idea saves a draft and opens its task list', async () => {
    await page.getByLabel('Kirklees Council', { exact: true }).check();
    await page.fill('#title', idea.title);
    await page.fill('#summary', 'One subscription service for garden waste collections, shared by councils.');
    await page.fill('#description', '## Why\n\nEvery council runs its own form.\n\n- Payments\n- Renewals\n\nNot <script>alert(1)</script> HTML.');
    await page.check('input[name=service_areas][value=waste]');
    await page.fill('#deadline', String(closes.getDate()));
    await page.fill('#deadline-month', String(closes.getMonth() + 1));
    await page.fill('#deadline-year', String(closes.getFullYear()));
    await page.fill('#min_pledgers', '2');
    await page.click('button:has-text("Save and continue")');
    await page.waitForURL(/\/ideas\/[^/]+\/tasks$/, { timeout });
    await heading(page, idea.title);
    tasksUrl = page.url();
    await page.locator('.govuk-notification-banner--success', { hasText: 'saved as a draft' }).waitFor({ timeout });
    assert((await taskStatus(page, 'Idea details')) === 'Completed', 'idea details not completed');
    assert((await taskStatus(page, 'Strategic case')) === 'Incomplete', 'strategic case not incomplete');
    assert((await taskStatus(page, 'Check your answers')) === 'Cannot start yet', 'check answers can start');
    assert((await taskStatus(page, 'Submit for review')) === 'Cannot start yet', 'submit can start');
  });
  await audit(page, 'task list (new idea)');

  await check('the strategic case shows errors for missing answers', async () => {
    await openTask(page, 'Strategic case');
    await page.click('button:has-text("Save and continue")');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    for (const field of ['stage', 'strategic-case_for_change', 'strategic-spending_objectives-0', 'strategic-scope']) {
      await summary.locator(`a[href="#${field}"]`).waitFor({ timeout });
    }
    const message = await page.locator('#strategic-case_for_change-error').innerText();
    assert(/^Error:/.test(message.trim()), 'the field error lacks its "Error:" prefix');
  });
  await audit(page, 'strategic case (with errors)');

  await check('complete the strategic case, adding list entries', async () => {
    await page.check('input[name=stage][value=obc]');
    await page.fill('#strategic-case_for_change', 'Each council builds and runs its own garden waste subscription form.');
    await page.fill('#strategic-spending_objectives-0', 'Move 90% of renewals online in the first year');
    await page.click('#strategic-spending_objectives-add');
    await page.fill('#strategic-spending_objectives-1', 'Halve the cost of each subscription');
    await page.fill('#strategic-scope', 'Sign-up, payment, renewals and bin permits. Not collection rounds.');
    await page.click('#strategic-dependencies-add');
    await page.fill('#strategic-dependencies-0', 'GOV.UK Pay');
  });
  await audit(page, 'strategic case');
  await check('save the strategic case', async () => saveAndContinue(page, 'Strategic case'));

  await check('complete the economic case with two options', async () => {
    await openTask(page, 'Economic case');
    await page.fill('#economic-options-0-name', 'Do minimum');
    await page.fill('#economic-options-0-cost_pence', '0');
    await page.click('#economic-options-add');
    await page.fill('#economic-options-1-name', 'Build once and share');
    await page.fill('#economic-options-1-cost_pence', '60,000.50');
    await page.fill('#economic-options-1-benefits', 'Each council pays a fraction.');
    await page.check('input[name=economic-preferred_option][value="1"]');
  });
  await audit(page, 'economic case');
  await check('save the economic case', async () => saveAndContinue(page, 'Economic case'));

  await check('complete the commercial case (with a contract the API will refuse)', async () => {
    await openTask(page, 'Commercial case');
    await page.fill('#commercial-procurement_route', 'G-Cloud 14');
    await page.fill('#commercial-contract_length_months', '300');
    await page.fill('#commercial-licence', 'MIT');
    await page.fill('#commercial-ip_ownership', 'The funders jointly.');
    await page.check('input[name=commercial-data_protection_role][value=processor]');
  });
  await audit(page, 'commercial case');
  await check('save the commercial case', async () => saveAndContinue(page, 'Commercial case'));

  await check('complete the financial case with capital and revenue costs', async () => {
    await openTask(page, 'Financial case');
    await page.fill('#financial-cost_lines-0-description', 'Build');
    await page.fill('#financial-cost_lines-0-amount_pence', '45,000');
    await page.check('input[name=financial-cost_lines-0-category][value=capital]');
    await page.fill('#financial-cost_lines-0-year', '2027');
    await page.click('#financial-cost_lines-add');
    await page.fill('#financial-cost_lines-1-description', 'Hosting and support, year one');
    await page.fill('#financial-cost_lines-1-amount_pence', '15000.5');
    await page.check('input[name=financial-cost_lines-1-category][value=revenue]');
    await page.fill('#financial-cost_lines-1-year', '2028');
    await page.locator('main', { hasText: 'Total of the amounts above: £60,000.50' }).waitFor({ timeout });
  });
  await audit(page, 'financial case');
  await check('save the financial case', async () => saveAndContinue(page, 'Financial case'));

  await check('complete the management case with a milestone and a risk', async () => {
    await openTask(page, 'Management case');
    await page.fill('#management-governance', 'A board of funders meets monthly.');
    await page.fill('#management-milestones-0-title', 'Private beta');
    await page.fill('#management-milestones-0-due_date', '30');
    await page.fill('#management-milestones-0-due_date-month', '9');
    await page.fill('#management-milestones-0-due_date-year', '2027');
    await page.fill('#management-risks-0-description', 'Payment provider changes its terms');
    await page.check('input[name=management-risks-0-likelihood][value=low]');
    await page.check('input[name=management-risks-0-impact][value=high]');
    await page.fill('#management-risks-0-mitigation', 'Use GOV.UK Pay.');
  });
  await audit(page, 'management case');
  await check('save the management case', async () => saveAndContinue(page, 'Management case'));

  await check('complete the terms and SLA', async () => {
    await openTask(page, 'Terms and SLA');
    await page.fill('#terms-contract_summary', 'A two-year call-off for build, hosting and support.');
    await page.fill('#terms-sla-availability_bp', '99.9');
    await page.fill('#terms-sla-support_hours', 'Monday to Friday, 8am to 6pm');
    const times = { response: [30, 60, 240, 480], resolution: [240, 480, 1440, 2880] };
    for (const [kind, minutes] of Object.entries(times)) {
      for (const [i, m] of minutes.entries()) {
        await page.fill(`#terms-sla-${kind}_minutes-p${i + 1}`, String(m));
      }
    }
    await page.fill('#terms-sla-service_credits-0-below_availability_bp', '99.9');
    await page.fill('#terms-sla-service_credits-0-credit_bp', '5');
  });
  await audit(page, 'terms and SLA');
  await check('save the terms and SLA', async () => saveAndContinue(page, 'Terms and SLA'));

  await check('with every case complete, checking answers can start', async () => {
    assert((await taskStatus(page, 'Check your answers')) === 'Incomplete', 'check answers cannot start');
    assert((await taskStatus(page, 'Submit for review')) === 'Cannot start yet', 'submit can start');
  });
  await audit(page, 'task list (cases complete)');

  await check('check your answers shows the whole business case', async () => {
    await openTask(page, 'Check your answers', 'Check your answers');
    await page.locator('.govuk-summary-card').nth(5).waitFor({ timeout });
    assert((await page.locator('.govuk-summary-card').count()) === 6, 'expected 6 summary cards');
    assert((await page.locator('#total-cost').innerText()).trim() === '£60,000.50', 'wrong total');
  });
  await audit(page, 'check your answers');

  await check("the API's field errors link back to the right page and input", async () => {
    await page.click('button:has-text("Save business case")');
    const summary = page.locator('.govuk-error-summary');
    const link = summary.locator('a', { hasText: 'Contract length must be between 1 and 240 months' });
    await link.waitFor({ timeout });
    assert((await link.getAttribute('href')).endsWith('/tasks/commercial#commercial-contract_length_months'), 'wrong link');
  });
  await audit(page, 'check your answers (with API errors)');

  await check('following the error opens the commercial case at the input', async () => {
    await page.locator('.govuk-error-summary a', { hasText: 'Contract length' }).click();
    await heading(page, 'Commercial case');
    await page.locator('#commercial-contract_length_months-error', { hasText: 'between 1 and 240 months' }).waitFor({ timeout });
    await page.waitForFunction(() => document.activeElement?.id === 'commercial-contract_length_months', null, { timeout });
  });
  await audit(page, 'commercial case (with API errors)');

  await check('fix the contract length and save the business case', async () => {
    await page.fill('#commercial-contract_length_months', '24');
    await saveAndContinue(page, 'Commercial case');
    await openTask(page, 'Check your answers', 'Check your answers');
    await page.click('button:has-text("Save business case")');
    await page.waitForURL(/\/tasks$/, { timeout });
    await page.locator('.govuk-notification-banner--success', { hasText: 'saved as version 1' }).waitFor({ timeout });
    assert((await taskStatus(page, 'Check your answers')) === 'Completed', 'check answers not completed');
    assert((await taskStatus(page, 'Submit for review')) === 'Incomplete', 'submit cannot start');
  });
  await audit(page, 'task list (ready to submit)');

  await check('submit the idea for review', async () => {
    await page.click('button:has-text("Submit for review")');
    await page.waitForURL(/\/submitted$/, { timeout });
    await page.locator('.govuk-panel__title', { hasText: 'Idea submitted for review' }).waitFor({ timeout });
  });
  await audit(page, 'idea submitted');

  await check('sign in as the admin and find the idea in the review queue', async () => {
    await signInAs(page, adminEmail, adminPassword);
    await nav(page, 'Review queue');
    await heading(page, 'Review queue');
    await page.locator('.govuk-table', { hasText: idea.title }).waitFor({ timeout });
    await page.locator('.govuk-table', { hasText: 'GP surgery booking integration' }).waitFor({ timeout });
  });
  await audit(page, 'review queue');

  await check('the admin opens the idea and sees the review actions', async () => {
    await page.locator('.govuk-table a', { hasText: idea.title }).click();
    await heading(page, idea.title);
    await page.locator('button', { hasText: 'Publish this idea' }).waitFor({ timeout });
    await page.click('button:has-text("Send back for changes")');
    await page.locator('.govuk-error-summary a[href="#reason"]', { hasText: 'Enter what needs to change' }).waitFor({ timeout });
  });
  await audit(page, 'idea (in review, with errors)');

  let ideaUrl = '';
  await check('send the idea back to its proposer with a reason', async () => {
    ideaUrl = page.url();
    await page.fill('#reason', 'Add the cost of user research to the financial case.');
    await page.click('button:has-text("Send back for changes")');
    await page.locator('.govuk-notification-banner--success', { hasText: 'sent back' }).waitFor({ timeout });
    await page.locator('.govuk-tag', { hasText: 'Draft' }).first().waitFor({ timeout });
    await page.locator('.govuk-inset-text', { hasText: 'Add the cost of user research' }).waitFor({ timeout });
  });
  await audit(page, 'idea (sent back)');

  await check('the proposer sees the feedback on the task list', async () => {
    await signInAs(page, 'priya.shah@kirklees.example', 'cc2i demo password');
    await page.goto(tasksUrl);
    await heading(page, idea.title);
    await page.locator('.govuk-inset-text', { hasText: 'Add the cost of user research' }).waitFor({ timeout });
    assert((await taskStatus(page, 'Check your answers')) === 'Completed', 'the saved case is not complete');
  });
  await audit(page, 'task list (changes requested)');

  await check('submit the idea again', async () => {
    await page.click('button:has-text("Submit for review")');
    await page.waitForURL(/\/submitted$/, { timeout });
    await page.locator('.govuk-panel__title', { hasText: 'Idea submitted for review' }).waitFor({ timeout });
  });

  await check('the admin opens the resubmitted idea', async () => {
    await signInAs(page, adminEmail, adminPassword);
    await page.goto(ideaUrl);
    await heading(page, idea.title);
    await page.locator('button', { hasText: 'Publish this idea' }).waitFor({ timeout });
  });

  await check('publish the idea', async () => {
    await page.click('button:has-text("Publish this idea")');
    await page.locator('.govuk-notification-banner--success', { hasText: 'published' }).waitFor({ timeout });
    await page.locator('.govuk-tag', { hasText: 'Open for pledges' }).first().waitFor({ timeout });
    assert((await page.locator('button', { hasText: 'Publish this idea' }).count()) === 0, 'still publishable');
  });
  await audit(page, 'idea (published)');

  await check("the idea's page shows the description, safely", async () => {
    await page.locator('main h3.govuk-heading-s', { hasText: 'Why' }).waitFor({ timeout });
    assert((await page.locator('main li', { hasText: /^Renewals$/ }).count()) === 1, 'the list did not render');
    assert((await page.locator('main script').count()) === 0, 'the description injected HTML');
    await page.locator('main p', { hasText: 'Not <script>alert(1)</script> HTML.' }).waitFor({ timeout });
  });

  await check("the business case page shows the case, cost totals, SLA and history", async () => {
    await page.locator('main a', { hasText: 'Read the business case' }).click();
    await heading(page, 'Business case');
    for (const section of ['Strategic case', 'Economic case', 'Commercial case', 'Financial case', 'Management case', 'Terms and service level agreement']) {
      await page.locator('h2', { hasText: section }).waitFor({ timeout });
    }
    const costs = page.locator('table', { has: page.locator('caption', { hasText: 'Cost breakdown' }) });
    const byCategory = costs.locator('tr', { hasText: 'Total by category' });
    assert(/£45,000\s+£15,000.50/.test(await byCategory.innerText()), `category totals: ${await byCategory.innerText()}`);
    assert((await page.locator('#total-cost').innerText()).trim() === '£60,000.50', 'wrong total cost');
    await costs.locator('td', { hasText: '2028/29' }).waitFor({ timeout });
    await page.locator('.govuk-summary-list__value', { hasText: '99.9% each month' }).waitFor({ timeout });
    await page.locator('.govuk-summary-list__value', { hasText: 'Response within 30 minutes' }).waitFor({ timeout });
    await page.locator('.govuk-summary-list__value', { hasText: 'Resolution within 48 hours' }).waitFor({ timeout });
    await page.locator('table', { hasText: 'Service credits' }).locator('td', { hasText: '5%' }).waitFor({ timeout });
    await page.locator('th', { hasText: 'Build once and share' }).locator('.govuk-tag', { hasText: 'Preferred option' }).waitFor({ timeout });
    await page.locator('table', { hasText: 'Risks' }).locator('td', { hasText: 'High' }).waitFor({ timeout });
    await page.locator('table', { hasText: 'What changed' }).locator('td', { hasText: 'First version' }).waitFor({ timeout });
  });
  await audit(page, 'business case');

  await check('the published idea is on the home page with its progress bar', async () => {
    await page.goto(`${base}/`);
    const item = page.locator('.app-results__item', { hasText: idea.title });
    await item.waitFor({ timeout });
    await item.locator('progress.app-funding__bar').waitFor({ timeout });
    const text = await item.locator('.app-funding__text').innerText();
    assert(/0% funded: £0 of £60,000.50 from 0 organisations/.test(text), `funding text: ${text}`);
  });
  await audit(page, 'home (with the new idea)');

  await check("the organisation's page lists its ideas with their status", async () => {
    await page.locator('.app-results__item', { hasText: idea.title }).locator('a').first().click();
    await heading(page, idea.title);
    await page.locator('.govuk-summary-list a', { hasText: 'Kirklees Council' }).click();
    await heading(page, 'Kirklees Council');
    const ideas = page.locator('table', { has: page.locator('caption', { hasText: 'Ideas proposed by Kirklees Council' }) });
    await ideas.locator('tr', { hasText: idea.title }).locator('.govuk-tag', { hasText: 'Open for pledges' }).waitFor({ timeout });
    await ideas.locator('tr', { hasText: 'Council tax single person discount review' }).locator('.govuk-tag', { hasText: 'Draft' }).waitFor({ timeout });
  });
  await audit(page, 'organisation (ideas)');

  await check('every public idea is listed on /ideas', async () => {
    await nav(page, 'Ideas');
    await heading(page, 'Ideas');
    await page.locator('.app-results__item', { hasText: idea.title }).waitFor({ timeout });
  });
  await audit(page, 'ideas');

  await check('an unknown idea shows the not-found page', async () => {
    await page.goto(`${base}/ideas/no-such-idea-${runId}`);
    await heading(page, 'Page not found');
  });
  await audit(page, 'page not found (idea)');
  return { title: idea.title, url: ideaUrl };
}

/** The header's link to the notifications, named with the unread count when there is one. */
function unreadLink(page) {
  return page.getByRole('link', { name: /^Notifications \d+ unread notifications?$/ });
}

/**
 * The sector radar: the published idea reaches a matching organisation with reasons, its
 * proposer sees who was told and invites more, and an invited member is told and chooses how
 * often to be emailed.
 */
async function radarJourney(page, garden) {
  const invitee = `invitee-${runId}@example.gov.uk`;

  await check('the owner of the newly verified organisation must add an authenticator app, and does', async () => {
    await signInAs(page, user.email, user.password);
    await page.locator('#authenticator-app + p', { hasText: 'must add an authenticator app' }).waitFor({ timeout });
    await addAuthenticatorApp(page, user.email, 'new owner');
  });

  await check('a member of a matching organisation sees the unread count in the header', async () => {
    const link = unreadLink(page);
    await link.waitFor({ timeout });
    await link.locator('.app-count-badge').waitFor({ timeout });
  });

  await check('the home page recommends the new idea for their organisation, with reasons', async () => {
    await page.locator('.govuk-generic-header__homepage-link').click();
    await heading(page, 'Co-fund digital work');
    const section = page.locator('section.app-recommended');
    await section.locator('h2', { hasText: 'Recommended for your organisation' }).waitFor({ timeout });
    const item = section.locator('.app-results__item', { hasText: garden.title });
    await item.waitFor({ timeout });
    await item.locator('.govuk-tag', { hasText: /^(Strong|Good|Possible) match$/ }).waitFor({ timeout });
    await item.locator('li', { hasText: 'Works on waste, which this idea serves' }).waitFor({ timeout });
    await item.locator('li', { hasText: 'Proposed by another local authority' }).waitFor({ timeout });
    await section.locator('.app-results__item', { hasText: 'Online housing repairs reporting' }).waitFor({ timeout });
  });
  await audit(page, 'home (recommended for your organisation)');

  await check('the recommendation links to the idea', async () => {
    await page.locator('section.app-recommended a', { hasText: garden.title }).click();
    await heading(page, garden.title);
    assert(page.url() === garden.url, `went to ${page.url()}`);
    assert((await page.locator('main a', { hasText: 'Who has been told' }).count()) === 0,
      'a non-member sees the audience link');
  });

  await check('the member was told why the idea fits, and reading it clears the count', async () => {
    await unreadLink(page).click();
    await heading(page, 'Notifications');
    const item = page.locator('.app-notification', { hasText: garden.title });
    await item.locator('p', { hasText: 'Why you: Works on waste, which this idea serves' }).waitFor({ timeout });
    await page.click('button:has-text("Mark all as read")');
    await page.locator('main', { hasText: 'You have read all your notifications.' }).waitFor({ timeout });
    await page.locator('.govuk-service-navigation__list .app-count-badge').waitFor({ state: 'detached', timeout });
  });

  await check('the proposer opens who has been told from the idea page', async () => {
    await signInAs(page, 'priya.shah@kirklees.example', demoPassword);
    await page.goto(garden.url);
    await heading(page, garden.title);
    await page.locator('main a', { hasText: 'Who has been told about this idea' }).click();
    await heading(page, 'Who has been told');
    const summary = (await page.locator('#audience-summary').innerText()).trim();
    assert(/^Told \d+ organisations?; 0 have pledged$/.test(summary), `summary: ${summary}`);
    const bar = page.locator('progress.app-progress');
    assert((await bar.getAttribute('aria-label')) === 'Organisations told that have pledged', 'the bar is not named');
    assert((await bar.getAttribute('aria-describedby')) === 'audience-summary', 'the bar is not described');
    const row = page.locator('table.app-audience tr', { hasText: org.name });
    await row.locator('li', { hasText: 'Works on waste, which this idea serves' }).waitFor({ timeout });
    await row.locator('.govuk-tag', { hasText: /match$/ }).waitFor({ timeout });
    await row.locator('.govuk-tag', { hasText: 'Not yet' }).waitFor({ timeout });
    assert(/\d{1,2} [A-Z][a-z]+ \d{4}/.test(await row.innerText()), 'no date told');
  });
  await audit(page, 'who has been told');

  await check('the invite form opens from who has been told', async () => {
    await page.locator('main a', { hasText: 'Invite organisations' }).click();
    await heading(page, 'Invite organisations');
    await page.locator('input[name=organisation_ids]').first().waitFor({ timeout });
    await page.locator('main', { hasText: 'No invitations have been sent yet.' }).waitFor({ timeout });
    assert((await page.getByLabel(/^Kirklees Council/).count()) === 0, 'the proposer is offered');
  });
  await audit(page, 'invite organisations');

  await check('sending nothing shows the error summary', async () => {
    await page.click('button:has-text("Send invitations")');
    const summary = page.locator('.govuk-error-summary');
    await summary
      .locator('a[href="#organisation_ids"]', { hasText: 'Select at least one organisation or enter an email address' })
      .waitFor({ timeout });
    await page.locator('#organisation_ids-error').waitFor({ timeout });
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'invite organisations (with errors)');

  await check("a wrong email address gets the API's error beside the box", async () => {
    await page.fill('#emails', 'not-an-email-address');
    await page.click('button:has-text("Send invitations")');
    await page.locator('.govuk-error-summary a[href="#emails"]').waitFor({ timeout });
    const message = await page.locator('#emails-error').innerText();
    assert(/^Error:/.test(message.trim()), `the email error lacks its prefix: ${message}`);
    const describedBy = await page.getAttribute('#emails', 'aria-describedby');
    assert(describedBy?.includes('emails-error'), '#emails is not described by its error');
  });
  await audit(page, 'invite organisations (with API errors)');

  await check('search for an organisation, then invite it and a person by email', async () => {
    await page.fill('#q', 'Bristol');
    await page.click('form.app-filter button[type=submit]');
    await page.getByLabel(/^Bristol City Council/).check();
    await page.fill('#emails', invitee);
    await page.fill('#message', 'We would value your views on this idea.');
    await page.click('button:has-text("Send invitations")');
    const banner = page.locator('.govuk-notification-banner--success');
    await banner.locator('li', { hasText: 'Bristol City Council' }).waitFor({ timeout });
    await banner.locator('li', { hasText: invitee }).waitFor({ timeout });
    assert((await page.locator('.govuk-error-summary').count()) === 0, 'the errors are still shown');
    const table = page.locator('table.app-invitations');
    await table.locator('tr', { hasText: 'Bristol City Council' }).waitFor({ timeout });
    await table.locator('tr', { hasText: invitee }).waitFor({ timeout });
    assert((await page.getByLabel(/^Bristol City Council/).count()) === 0, 'Bristol can be invited again');
    await page.locator('#organisation_ids', { hasText: 'has been invited already' }).waitFor({ timeout });
    assert((await page.inputValue('#emails')) === '', 'the form was not cleared');
  });
  await audit(page, 'invite organisations (sent)');

  await check('inviting an organisation a colleague has just invited says so', async () => {
    await page.fill('#q', 'Cardiff');
    await page.click('form.app-filter button[type=submit]');
    await page.getByLabel(/^Cardiff Council/).check();
    const other = await page.context().newPage();
    try {
      await other.goto(page.url());
      await heading(other, 'Invite organisations');
      await other.fill('#q', 'Cardiff');
      await other.click('form.app-filter button[type=submit]');
      await other.getByLabel(/^Cardiff Council/).check();
      await other.click('button:has-text("Send invitations")');
      await other.locator('.govuk-notification-banner--success', { hasText: 'You sent 1 invitation' }).waitFor({ timeout });
    } finally {
      await other.close();
    }
    await page.click('button:has-text("Send invitations")');
    await page
      .locator('.govuk-error-summary a[href="#organisation_ids"]', { hasText: 'Cardiff Council has already been invited' })
      .waitFor({ timeout });
    await page.locator('#organisation_ids-error', { hasText: 'already been invited' }).waitFor({ timeout });
    await page.locator('table.app-invitations tr', { hasText: 'Cardiff Council' }).waitFor({ timeout });
  });
  await audit(page, 'invite organisations (already invited)');

  await check('pasting more addresses than the daily limit allows is refused, and nothing is sent', async () => {
    const many = Array.from({ length: 48 }, (_, i) => `list-${i}-${runId}@example.gov.uk`).join('\n');
    await page.fill('#emails', many);
    await page.click('button:has-text("Send invitations")');
    await page
      .locator('.govuk-error-summary a[href="#emails"]', { hasText: 'at most 50 invitations in any 24 hours' })
      .waitFor({ timeout });
    await page.locator('#emails-error', { hasText: /Try again in \d+ hours/ }).waitFor({ timeout });
    assert((await page.locator('table.app-invitations tbody tr').count()) === 3, 'some were sent');
  });
  await audit(page, 'invite organisations (too many)');

  await check("the invited organisation's member is told", async () => {
    await signInAs(page, 'ellie.marsh@bristol.example', demoPassword);
    await unreadLink(page).click();
    await heading(page, 'Notifications');
    await page.locator('.app-notification--unread', { hasText: garden.title }).waitFor({ timeout });
  });

  await check('email notifications default to a daily digest', async () => {
    await nav(page, 'Your account');
    await heading(page, 'Your account');
    await page.locator('h2', { hasText: 'Email notifications' }).waitFor({ timeout });
    assert(await page.getByLabel('Once a day, in a daily digest').isChecked(), 'daily is not chosen');
  });
  await audit(page, 'account (email notifications)');

  await check('choose a weekly digest and save it', async () => {
    await page.getByLabel('Once a week, in a weekly digest').check();
    await page.click('button:has-text("Save email preference")');
    await page.locator('.govuk-notification-banner--success', { hasText: 'weekly digest' }).waitFor({ timeout });
  });
  await audit(page, 'account (email preference saved)');

  await check('the weekly digest is kept', async () => {
    await page.reload();
    await heading(page, 'Your account');
    await page.getByLabel('Once a week, in a weekly digest').waitFor({ timeout });
    assert(await page.getByLabel('Once a week, in a weekly digest').isChecked(), 'weekly was not kept');
  });
}

async function pledgingJourney(page) {
  const demoIdea = 'Online housing repairs reporting';
  let ideaUrl = '';

  await check('a member of a verified organisation sees the pledge form', async () => {
    await signInAs(page, 'tom.gallagher@manchester.example', demoPassword);
    await page.goto(`${base}/`);
    await page.locator('.app-results__item a', { hasText: demoIdea }).first().click();
    await heading(page, demoIdea);
    ideaUrl = page.url();
    await page.locator('table', { hasText: 'Organisations funding' }).waitFor({ timeout });
    await page.locator('main a.govuk-button', { hasText: 'Pledge for your organisation' }).click();
    await heading(page, 'Pledge');
    assert(page.url() === `${ideaUrl}/pledge`, `pledge page at ${page.url()}`);
    await page.locator('form.app-pledge-form').waitFor({ timeout });
    await page.getByLabel('I accept version 1 of the business case and its SLA').waitFor({ timeout });
    await page.locator('main a', { hasText: 'Read version 1 of the business case' }).waitFor({ timeout });
  });
  await audit(page, 'pledge (form)');

  await check('pledging with nothing filled in shows the error summary', async () => {
    await page.click('button:has-text("Pledge")');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    for (const field of ['share_bp', 'accept']) {
      await summary.locator(`a[href="#${field}"]`).waitFor({ timeout });
    }
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'pledge (with errors)');

  await check('the share previews its amount and the price curve', async () => {
    if ((await page.locator('input[name=organisation_id]').count()) > 0) {
      await page.getByLabel('Manchester City Council', { exact: true }).check();
    }
    await page.fill('#share_bp', '60');
    const preview = page.locator('#pledge-preview');
    await preview.locator('text=60% of £291,000 is £174,600.').waitFor({ timeout });
    assert(/If 3 more organisations join at the average share/.test(await preview.innerText()), 'no curve sentence');
  });

  await check("an owner's pledge over the self-approval limit awaits approval", async () => {
    await page.check('#accept');
    await page.click('button:has-text("Pledge")');
    await page
      .locator('.govuk-notification-banner--success', { hasText: 'awaiting approval by another owner or admin' })
      .waitFor({ timeout });
    await page.locator('.app-own-pledge .govuk-tag', { hasText: 'Awaiting approval' }).waitFor({ timeout });
  });
  await audit(page, 'pledge (awaiting approval)');

  await check('approving your own pledge is refused', async () => {
    await nav(page, 'Approvals');
    await heading(page, 'Approvals');
    await page.locator('.govuk-summary-card', { hasText: demoIdea }).locator('button', { hasText: 'Approve' }).click();
    await page
      .locator('.govuk-error-summary', { hasText: 'another owner or admin of your organisation must approve it' })
      .waitFor({ timeout });
  });
  await audit(page, 'approvals (with errors)');

  await check('another admin sees the notification count and the notification', async () => {
    await signInAs(page, 'nadia.rahman@manchester.example', demoPassword);
    const link = unreadLink(page);
    await link.waitFor({ timeout });
    await link.click();
    await heading(page, 'Notifications');
    await page.locator('.app-notification--unread .govuk-tag', { hasText: 'Unread' }).first().waitFor({ timeout });
    await page.locator('button', { hasText: 'Mark all as read' }).waitFor({ timeout });
  });
  await audit(page, 'notifications');

  await check('the other admin approves the pledge', async () => {
    await nav(page, 'Approvals');
    await heading(page, 'Approvals');
    const card = page.locator('.govuk-summary-card', { hasText: demoIdea });
    await card.locator('.govuk-summary-list', { hasText: '60%' }).waitFor({ timeout });
    await card.locator('button', { hasText: 'Approve' }).click();
    await page.locator('.govuk-notification-banner--success', { hasText: 'You approved' }).waitFor({ timeout });
  });
  await audit(page, 'approvals');

  await check('mark all notifications as read', async () => {
    await nav(page, 'Notifications');
    await heading(page, 'Notifications');
    await page.click('button:has-text("Mark all as read")');
    await page.locator('main', { hasText: 'You have read all your notifications.' }).waitFor({ timeout });
  });
  await audit(page, 'notifications (all read)');

  await check('an owner sets the self-approval limit on the organisation page', async () => {
    await signInAs(page, 'grace.okafor@clarion.example', demoPassword);
    await page.locator('main a', { hasText: 'Clarion' }).first().click();
    await page.locator('#self_approval_limit_pence').waitFor({ timeout });
    await page.fill('#self_approval_limit_pence', 'lots');
    await page.click('button:has-text("Save limit")');
    await page.locator('.govuk-error-summary a[href="#self_approval_limit_pence"]').waitFor({ timeout });
  });
  await audit(page, 'organisation (self-approval limit, with errors)');

  await check('the self-approval limit is saved', async () => {
    await page.fill('#self_approval_limit_pence', '200,000');
    await page.click('button:has-text("Save limit")');
    await page.locator('.govuk-notification-banner--success', { hasText: 'now £200,000' }).waitFor({ timeout });
  });
  await audit(page, 'organisation (self-approval limit)');

  await check('an owner under the limit pledges and the pledge is active at once', async () => {
    await page.goto(ideaUrl);
    await heading(page, demoIdea);
    await page.locator('main a.govuk-button', { hasText: 'Pledge for your organisation' }).click();
    await heading(page, 'Pledge');
    await page.fill('#share_bp', '50');
    await page.check('#accept');
    await page.click('button:has-text("Pledge")');
    await page.locator('.govuk-notification-banner--success', { hasText: 'The pledge is active' }).waitFor({ timeout });
    await page.locator('.app-own-pledge .govuk-tag', { hasText: 'Active' }).waitFor({ timeout });
  });

  await check('the progress bar, funders and price curve include both pledges', async () => {
    await page.locator('main a', { hasText: 'Back to the idea' }).click();
    await heading(page, demoIdea);
    // Clarion has pledged: its owner is offered its pledge to change, not a new one.
    await page.locator('main a.govuk-button', { hasText: 'Change or withdraw your pledge' }).waitFor({ timeout });
    const text = await page.locator('#idea-funding').innerText();
    assert(/110% funded: £320,100 of £291,000 from 2 organisations/.test(text), `funding text: ${text}`);
    const funders = page.locator('table.app-funders');
    await funders.locator('tr', { hasText: 'Manchester City Council' }).locator('td', { hasText: '60%' }).waitFor({ timeout });
    await funders.locator('tr', { hasText: 'Clarion' }).locator('td', { hasText: '50%' }).waitFor({ timeout });
    const curve = page.locator('table.app-curve');
    assert((await curve.locator('tbody tr').count()) === 5, 'the price curve has not 5 rows');
    assert(/^3\s+33\.33%/.test((await curve.locator('tbody tr').first().innerText()).trim()), 'wrong first curve row');
  });
  await audit(page, 'idea (two pledges)');

  await check('the funding history lists what happened', async () => {
    await page.locator('main a', { hasText: 'Funding history' }).click();
    await heading(page, 'Funding history');
    const table = page.locator('main table');
    await table.locator('tr', { hasText: 'Manchester City Council' }).locator('td', { hasText: 'Pledge approved' }).waitFor({ timeout });
    await table.locator('tr', { hasText: 'Clarion' }).locator('td', { hasText: '+50%' }).waitFor({ timeout });
  });
  await audit(page, 'funding history');

  await check('the platform admin closes the idea now and it is funded', async () => {
    await signInAs(page, adminEmail, adminPassword);
    await page.goto(ideaUrl);
    await heading(page, demoIdea);
    await page.click('button:has-text("Close now")');
    await page.click('button:has-text("Yes, close now")');
    await page.locator('.govuk-notification-banner--success', { hasText: 'closed and funded' }).waitFor({ timeout });
    await page.locator('.govuk-tag', { hasText: 'Funded' }).first().waitFor({ timeout });
  });

  await check('the commitments sum to 100% and the exact target', async () => {
    const table = page.locator('table.app-commitments');
    await table.waitFor({ timeout });
    assert((await table.locator('tbody tr').count()) === 3, 'expected two funders and a total');
    assert((await page.locator('#commitments-share').innerText()).trim() === '100%', 'shares do not sum to 100%');
    assert((await page.locator('#commitments-amount').innerText()).trim() === '£291,000', 'amounts do not sum to the target');
    await table.locator('tr', { hasText: 'Manchester City Council' }).locator('td', { hasText: '54.55%' }).waitFor({ timeout });
  });
  await audit(page, 'idea (funded, commitments)');

  await check("the proposer sees who responded to the idea's announcement", async () => {
    await signInAs(page, 'liam.brennan@togetherhousing.example', demoPassword);
    await page.goto(`${ideaUrl}/audience`);
    await heading(page, 'Who has been told');
    const summary = (await page.locator('#audience-summary').innerText()).trim();
    assert(/^Told \d+ organisations; 2 have pledged$/.test(summary), `summary: ${summary}`);
    const table = page.locator('table.app-audience');
    for (const name of ['Manchester City Council', 'Clarion Housing Association']) {
      await table.locator('tr', { hasText: name }).locator('.govuk-tag', { hasText: 'Pledged' }).waitFor({ timeout });
    }
    assert((await page.locator('main a', { hasText: 'Invite organisations' }).count()) === 0, 'a closed idea offers invitations');
  });
  await audit(page, 'who has been told (responses)');
}

const profile = mkdtempSync(join(tmpdir(), 'cc2i-e2e-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  currentPage = page;
  const crashes = [];
  page.on('pageerror', (error) => crashes.push(error.message));
  try {
    await journey(page);
    await check('no uncaught errors in the page', async () => {
      assert(crashes.length === 0, crashes.join('\n'));
    });
  } catch (error) {
    if (!(error instanceof JourneyStopped)) {
      failed += 1;
      console.log(`FAIL unexpected error: ${error.stack ?? error}`);
    }
    if (crashes.length > 0) console.log(`     page errors:\n     ${crashes.join('\n     ')}`);
  }
} catch (error) {
  failed += 1;
  console.log(`FAIL could not start Chromium: ${error.message}`);
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
