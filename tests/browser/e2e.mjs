// The CC2i journey in headless Chromium: register, create an organisation, find it, sign out,
// sign in as a platform admin and verify it, with axe-core (WCAG 2.0, 2.1 and 2.2, A and AA)
// run on every page visited, error states included.
//
// Environment: CC2I_URL (default http://127.0.0.1:8080), CC2I_ADMIN_EMAIL and
// CC2I_ADMIN_PASSWORD (a platform admin), optionally CC2I_SCREENSHOTS (a folder for a
// full-page PNG of every audited page). Prints one line per check, then "N passed, M failed";
// exits 1 if anything failed.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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
      await page.addScriptTag({ content: axeSource });
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

  await check('register a new user and land signed in on /account', async () => {
    await page.fill('#display_name', user.name);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
    await page.locator('.govuk-summary-list', { hasText: user.email }).waitFor({ timeout });
    await page.locator('.govuk-service-navigation__list a', { hasText: 'Sign out' }).waitFor({ timeout });
  });
  await audit(page, 'account');

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
    const stored = await page.evaluate(() => localStorage.getItem('cc2i.session'));
    assert(stored === null, 'the token is still in local storage');
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
    await page.waitForURL(`${base}/account`, { timeout });
    await heading(page, 'Your account');
    await page.locator('.govuk-summary-list', { hasText: 'Platform administrator' }).waitFor({ timeout });
  });
  await audit(page, 'account (admin)');

  await check('the admin opens the organisation', async () => {
    await page.goto(orgUrl);
    await heading(page, org.name);
    await page.locator('button', { hasText: 'Verify this organisation' }).waitFor({ timeout });
  });
  await audit(page, 'organisation (admin)');

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

  await check('an unknown address shows the not-found page', async () => {
    await page.goto(`${base}/no-such-page-${runId}`);
    await heading(page, 'Page not found');
  });
  await audit(page, 'page not found');
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
