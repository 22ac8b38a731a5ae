// Every route of the SPA, loaded in full (so the wasm bundle web/boot.js picks for it must
// render it), signed out, signed in as an organisation's owner and as a platform admin, with
// real ids from the demo data. Each visit waits for the page to settle (no "Loading…" left in
// <main>) and runs axe-core (WCAG 2.0, 2.1, 2.2 A and AA, best practice): 0 violations, one h1,
// and never "Page not found" except for the not-found route. The route list is read from the
// path table of web/src/route_paths.rs (and every variant of `enum Route` in web/src/app.rs must
// be in it), so a route added there without a case here fails.

import { apiSignIn, apiStepUp } from '../totp.mjs';

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(join(here, '../node_modules/axe-core/axe.min.js'), 'utf8');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const owner = 'priya.shah@kirklees.example';

/**
 * The route patterns of web/src/route_paths.rs, in order: each arm of `matching` such as
 * `["organisations", o, "webhooks", w] => Route::WebhookDeliveries { id: id(o)?, webhook_id: id(w)? }`
 * reads as `/organisations/:id/webhooks/:webhook_id` (a segment bound to a variable is named
 * by the field it fills), and the empty path as `/`. Fails if a variant of `enum Route` in
 * web/src/app.rs has no pattern.
 */
function appRoutes() {
  const web = join(here, '../../../web/src');
  const table = readFileSync(join(web, 'route_paths.rs'), 'utf8');
  const body = table.slice(table.indexOf('fn matching('));
  const patterns = [];
  const variants = [];
  const home = body.match(/if path\.is_empty\(\) \{\s*return Some\(Route::(\w+)\)/);
  if (!home) throw new Error('route_paths.rs: no route for the empty path in `matching`');
  patterns.push('/');
  variants.push(home[1]);
  // Each arm runs from its `[...] => Route::Name` line to the next arm.
  const arms = [];
  for (const line of body.split('\n')) {
    const start = line.match(/^\s*\[(.*)\]\s*=>\s*Route::(\w+)/);
    if (start) arms.push({ segments: start[1], variant: start[2], text: line });
    else if (arms.length && !/^\s*_\s*=>/.test(line)) arms[arms.length - 1].text += `\n${line}`;
  }
  for (const arm of arms) {
    const parts = arm.segments.split(',').map((s) => s.trim());
    const path = parts.map((part) => {
      const literal = part.match(/^"([^"]*)"$/);
      if (literal) return literal[1];
      const field = arm.text.match(new RegExp(`(\\w+):\\s*id\\(${part}\\)`));
      if (!field) throw new Error(`route_paths.rs: segment ${part} of Route::${arm.variant} fills no field`);
      return `:${field[1]}`;
    });
    patterns.push(`/${path.join('/')}`);
    variants.push(arm.variant);
  }
  const app = readFileSync(join(web, 'app.rs'), 'utf8');
  const enumBody = app.slice(app.indexOf('pub enum Route {'));
  const declared = [...enumBody.slice(0, enumBody.indexOf('\n}')).matchAll(/^ {4}(\w+)\b/gm)].map((m) => m[1]);
  if (declared.length === 0) throw new Error('app.rs: no variants found in `enum Route`');
  const unrouted = declared.filter((v) => !variants.includes(v));
  if (unrouted.length) throw new Error(`Route variants with no path in route_paths.rs: ${unrouted.join(', ')}`);
  return patterns;
}

export default async function everyRoute(kit) {
  const { page, base, timeout, demoPassword, adminEmail, adminPassword, check, assert, finishSignIn } = kit;

  const api = async (method, path, token, body) => {
    const res = await page.request.fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      data: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    assert(res.ok(), `${method} ${path}: ${res.status()} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const items = (body) => (Array.isArray(body) ? body : body.items);

  // Real ids: Kirklees Council (the owner's organisation), one of its ideas, an open idea, a
  // delivered one from the catalogue, and a webhook added here for the deliveries log.
  const ids = {};
  let ownerToken;
  await check('every route: ids from the demo data', async () => {
    ownerToken = await apiSignIn(page.request, base, owner, demoPassword);
    const me = await api('GET', '/me', ownerToken);
    const org = me.memberships.find((m) => m.organisation_name === 'Kirklees Council');
    assert(org, 'the owner is not a member of Kirklees Council');
    ids.org = org.organisation_id;
    const own = items(await api('GET', `/organisations/${ids.org}/ideas`, ownerToken));
    ids.draft = (own.find((i) => i.status === 'draft') ?? own[0])?.id;
    ids.open = items(await api('GET', '/ideas?status=open'))[0]?.id;
    // The delivery journey puts a service in the catalogue; on fresh demo data, an idea in
    // delivery or failing that the open one stands in.
    const catalogue = items(await api('GET', '/catalogue'));
    ids.delivered = catalogue[0]?.idea_id ?? catalogue[0]?.id ?? items(await api('GET', '/ideas?status=in_delivery'))[0]?.id ?? ids.open;
    const hook = await api('POST', `/organisations/${ids.org}/webhooks`, ownerToken, {
      url: 'http://127.0.0.1:9/every-route',
      events: ['business_case.version_created'],
    });
    ids.webhook = hook.webhook.id;
    for (const [name, id] of Object.entries(ids)) assert(id, `no ${name} id in the demo data`);
  });

  // One concrete path per route pattern.
  const paths = {
    '/': '/',
    '/register': '/register',
    '/sign-in': '/sign-in',
    '/sign-in/organisation': '/sign-in/organisation',
    '/sign-out': '/sign-out',
    '/verify-email': '/verify-email?token=not-a-link-cc2i-sent',
    '/forgotten-password': '/forgotten-password',
    '/reset-password': '/reset-password?token=not-a-link-cc2i-sent',
    '/account': '/account',
    '/account/authenticator-app': '/account/authenticator-app',
    '/account/confirm-it-is-you': '/account/confirm-it-is-you',
    '/account/passkeys': '/account/passkeys',
    '/organisations': '/organisations',
    '/organisations/new': '/organisations/new',
    '/organisations/:id': `/organisations/${ids.org}`,
    '/ideas': '/ideas',
    '/ideas/new': '/ideas/new',
    '/ideas/:id': `/ideas/${ids.open}`,
    '/ideas/:id/business-case': `/ideas/${ids.open}/business-case`,
    '/ideas/:id/pledge': `/ideas/${ids.open}/pledge`,
    '/ideas/:id/questions-and-updates': `/ideas/${ids.open}/questions-and-updates`,
    '/ideas/:id/funding-history': `/ideas/${ids.open}/funding-history`,
    '/ideas/:id/audience': `/ideas/${ids.draft}/audience`,
    '/ideas/:id/invitations': `/ideas/${ids.draft}/invitations`,
    '/ideas/:id/backlog': `/ideas/${ids.delivered}/backlog`,
    '/ideas/:id/edit': `/ideas/${ids.draft}/edit`,
    '/ideas/:id/tasks': `/ideas/${ids.draft}/tasks`,
    '/ideas/:id/tasks/check-your-answers': `/ideas/${ids.draft}/tasks/check-your-answers`,
    '/ideas/:id/tasks/:section': `/ideas/${ids.draft}/tasks/financial`,
    '/ideas/:id/submitted': `/ideas/${ids.draft}/submitted`,
    '/ideas/:id/delivery': `/ideas/${ids.delivered}/delivery`,
    '/catalogue': '/catalogue',
    '/catalogue/:id/adopt': `/catalogue/${ids.delivered}/adopt`,
    '/organisations/:id/funded': `/organisations/${ids.org}/funded`,
    '/organisations/:id/single-sign-on': `/organisations/${ids.org}/single-sign-on`,
    '/organisations/:id/audit-log': `/organisations/${ids.org}/audit-log`,
    '/organisations/:id/webhooks': `/organisations/${ids.org}/webhooks`,
    '/organisations/:id/webhooks/:webhook_id': `/organisations/${ids.org}/webhooks/${ids.webhook}`,
    '/organisations/:id/api-keys': `/organisations/${ids.org}/api-keys`,
    '/approvals': '/approvals',
    '/notifications': '/notifications',
    '/admin/review': '/admin/review',
    '/admin/moderation': '/admin/moderation',
    '/admin/audit-log': '/admin/audit-log',
    '/page-not-found': '/page-not-found',
  };

  let routes = [];
  await check('every route: every route of web/src/route_paths.rs has a path here', async () => {
    routes = appRoutes();
    const missing = routes.filter((r) => !(r in paths));
    const stale = Object.keys(paths).filter((r) => !routes.includes(r));
    assert(missing.length === 0, `routes with no path in 90-every-route.mjs: ${missing.join(', ')}`);
    assert(stale.length === 0, `paths for routes web/src/route_paths.rs no longer has: ${stale.join(', ')}`);
  });

  /** Loads a path in full, waits for it to settle and runs axe-core on it. */
  const visit = async (route, who) => {
    const path = paths[route];
    await check(`every route (${who}): ${route} settles with 0 axe violations`, async () => {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor({ state: 'visible', timeout });
      await page.waitForFunction(
        () => ![...document.querySelectorAll('main p, main h1')].some((e) => /^Loading\b/.test(e.textContent.trim())),
        null,
        { timeout },
      );
      // Late renders (GOV.UK Frontend initialising, counts in the header) come within a frame or two.
      await page.waitForTimeout(150);
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
        axeTags,
      );
      const problems = result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n       ${v.nodes.map((n) => n.target.join(' ')).join('\n       ')}`,
      );
      const h1s = await page.locator('h1').allInnerTexts();
      if (h1s.length !== 1) problems.push(`expected exactly one h1, found ${h1s.length}`);
      if (route !== '/page-not-found' && h1s.some((h) => h.trim() === 'Page not found')) {
        problems.push(`${page.url()} shows "Page not found" (does web/bundles.js agree with web/src/bundles.rs?)`);
      }
      assert(problems.length === 0, `${problems.length} problem(s) on ${page.url()}:\n  ${problems.join('\n  ')}`);
    });
  };

  const signIn = async (email, password) => {
    await check(`every route: sign in as ${email}`, async () => {
      await page.goto(`${base}/sign-in`);
      await page.locator('h1', { hasText: 'Sign in' }).first().waitFor({ timeout });
      await page.fill('#email', email);
      await page.fill('#password', password);
      await page.click('button[type=submit]');
      // The account page is in another bundle: this waits for it to load in full.
      await finishSignIn(page, email);
    });
  };

  const signOut = async () => {
    await check('every route: sign out', async () => {
      await page.goto(`${base}/sign-out`);
      await page.locator('h1', { hasText: 'You have signed out' }).first().waitFor({ timeout });
    });
  };

  // Registering answers "Check your email" in place: nobody is signed in by registering.
  await signOut();
  await check('every route: registering asks the new person to check their email', async () => {
    await page.goto(`${base}/register`);
    await page.locator('h1', { hasText: 'Create an account' }).first().waitFor({ timeout });
    await page.fill('#display_name', 'Every Route');
    await page.fill('#email', `every-route-${Date.now()}@example.gov.uk`);
    await page.fill('#password', 'every route long password');
    await page.click('button[type=submit]');
    await page.locator('h1', { hasText: 'Check your email' }).first().waitFor({ timeout });
  });

  // Signed out (pages that need an account send people to sign in, which is audited too).
  await signOut();
  for (const route of routes) if (route !== '/sign-out') await visit(route, 'signed out');

  // Signed in as the owner of Kirklees Council.
  await signIn(owner, demoPassword);
  for (const route of routes) if (route !== '/sign-out') await visit(route, 'owner');

  // Signed in as platform staff, for the admin pages (and the pages every user has).
  await signOut();
  await signIn(adminEmail, adminPassword);
  for (const route of routes.filter((r) => r.startsWith('/admin/') || ['/', '/account', '/notifications'].includes(r))) {
    await visit(route, 'platform admin');
  }
  await visit('/sign-out', 'platform admin');

  await check('every route: the webhook added for the deliveries log is removed', async () => {
    // Removing a webhook needs a code used in the last ten minutes.
    ownerToken = await apiStepUp(page.request, base, owner, ownerToken);
    await api('DELETE', `/webhooks/${ids.webhook}`, ownerToken);
  });
}
