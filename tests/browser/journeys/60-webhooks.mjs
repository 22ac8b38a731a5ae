// Webhooks: Kirklees Council's owner opens the organisation's webhooks page, is refused an
// address on a private network, adds a webhook pointing at a small receiver started here
// (the browser server runs with CC2I_WEBHOOK_ALLOW_PRIVATE=1, so plain http to loopback is
// allowed), sees its signing secret once, causes an event (a new business case version of
// one of the council's ideas), sees the signed delivery arrive and in the deliveries log,
// retries it, and finally deletes the webhook. axe-core runs on every page and state.

import { apiSignIn } from '../totp.mjs';

import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';

export default async function webhooks(kit) {
  const { page, base, timeout, demoPassword, check, assert, heading, audit, signInAs } = kit;
  const owner = 'priya.shah@kirklees.example';
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${server.address().port}/cc2i/events`;
  let secret = '';
  let webhooksUrl = '';

  try {
    await check('the owner opens the webhooks page from the organisation page', async () => {
      await signInAs(page, owner, demoPassword);
      await page.goto(`${base}/organisations`);
      await page.locator('main a', { hasText: 'Kirklees Council' }).first().click();
      await heading(page, 'Kirklees Council');
      await page.locator('main a', { hasText: 'Webhooks' }).click();
      await heading(page, 'Webhooks');
      webhooksUrl = page.url();
      await page.locator('main p', { hasText: 'No webhooks yet.' }).waitFor({ timeout });
    });
    await audit(page, 'webhooks (none)');

    await check('adding a webhook with nothing filled in shows the error summary', async () => {
      await page.click('button:has-text("Add webhook")');
      const summary = page.locator('.govuk-error-summary');
      await summary.waitFor({ state: 'visible', timeout });
      await summary.locator('a[href="#url"]').waitFor({ timeout });
      await summary.locator('a[href="#events"]').waitFor({ timeout });
      assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
    });
    await audit(page, 'webhooks (with errors)');

    await check('an address on a private network is refused on the URL field', async () => {
      await page.fill('#url', 'http://10.0.0.7/hooks');
      await page.getByLabel(/Pledge made/).check();
      await page.click('button:has-text("Add webhook")');
      const summary = page.locator('.govuk-error-summary', { hasText: 'Enter an https address on the public internet' });
      await summary.waitFor({ timeout });
      await summary.locator('a[href="#url"]').waitFor({ timeout });
      await page.locator('#url-error', { hasText: 'https address on the public internet' }).waitFor({ timeout });
    });
    await audit(page, 'webhooks (forbidden URL)');

    await check('adding a webhook shows its secret once', async () => {
      await page.fill('#url', hookUrl);
      for (const label of [/New business case version/, /Idea published/, /Idea funded/]) {
        await page.getByLabel(label).check();
      }
      await page.click('button:has-text("Add webhook")');
      const panel = page.locator('#webhook-secret');
      await panel.waitFor({ timeout });
      await panel.locator('.govuk-warning-text', { hasText: 'You will not be able to see it again' }).waitFor({ timeout });
      secret = (await panel.locator('code').innerText()).trim();
      assert(/^whsec_[A-Za-z0-9_-]{40,}$/.test(secret), `secret: ${secret}`);
      const row = page.locator('table tr', { hasText: hookUrl });
      await row.locator('.govuk-tag', { hasText: 'Active' }).waitFor({ timeout });
      await row.locator('td', { hasText: 'None yet' }).waitFor({ timeout });
    });
    await audit(page, 'webhooks (secret shown once)');

    await check('the secret is not shown again', async () => {
      await page.goto(webhooksUrl);
      await heading(page, 'Webhooks');
      await page.locator('table tr', { hasText: hookUrl }).waitFor({ timeout });
      assert(!(await page.content()).includes(secret), 'the secret is shown again');
    });

    await check('a new business case version is delivered, signed, to the receiver', async () => {
      const api = async (method, path, token, body) => {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await res.text();
        assert(res.ok, `${method} ${path}: ${res.status} ${text}`);
        return text ? JSON.parse(text) : null;
      };
      const token = await apiSignIn(page.request, base, owner, demoPassword);
      const me = await api('GET', '/me', token);
      const org = me.memberships.find((m) => m.organisation_name === 'Kirklees Council') ?? me.memberships[0];
      const ideas = await api('GET', `/organisations/${org.organisation_id}/ideas`, token);
      const list = Array.isArray(ideas) ? ideas : ideas.items;
      const draft = list.find((i) => i.title === 'Council tax single person discount review');
      assert(draft, 'the demo draft idea is missing');
      const current = await api('GET', `/ideas/${draft.id}/business-case`, token);
      for (const key of ['version', 'created_at', 'created_by', 'created_by_name', 'target_cost_pence', 'material_change', 'change_summary']) {
        delete current[key];
      }
      await api('PUT', `/ideas/${draft.id}/business-case`, token, current);
      const deadline = Date.now() + 30_000;
      while (!received.some((r) => r.body.includes('business_case.version_created')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
      }
      const hit = received.find((r) => r.body.includes('business_case.version_created'));
      assert(hit, 'no delivery arrived within 30 seconds');
      const event = JSON.parse(hit.body);
      assert(hit.headers['cc2i-event-id'] === event.id, 'CC2i-Event-Id differs from the body id');
      const [t, v1] = hit.headers['cc2i-signature'].split(',').map((p) => p.split('=')[1]);
      const expected = createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex');
      assert(v1 === expected, 'the signature does not verify with the secret');
      assert(event.data.idea.id === draft.id, 'the event names another idea');
    });

    await check('the deliveries log shows the delivery', async () => {
      await page.goto(webhooksUrl);
      await heading(page, 'Webhooks');
      const row = page.locator('table tr', { hasText: hookUrl });
      await row.locator('.govuk-tag', { hasText: 'Delivered' }).waitFor({ timeout });
      await row.locator('a', { hasText: 'Deliveries' }).click();
      await heading(page, 'Webhook deliveries');
      const delivery = page.locator('table tr', { hasText: 'business_case.version_created' });
      await delivery.locator('.govuk-tag', { hasText: 'Delivered' }).waitFor({ timeout });
      await delivery.locator('td.govuk-table__cell--numeric', { hasText: /^200$/ }).waitFor({ timeout });
    });
    await audit(page, 'webhook deliveries (delivered)');

    await check('retrying a delivery sends it again', async () => {
      const before = received.length;
      await page.locator('table tr', { hasText: 'business_case.version_created' }).locator('button', { hasText: 'Retry' }).click();
      await page.locator('.govuk-notification-banner--success', { hasText: 'will be sent again' }).waitFor({ timeout });
      const deadline = Date.now() + 30_000;
      while (received.length === before && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
      }
      assert(received.length > before, 'the retry was not sent within 30 seconds');
    });
    await audit(page, 'webhook deliveries (retried)');

    await check('deleting the webhook asks first, then removes it', async () => {
      await page.goto(webhooksUrl);
      await heading(page, 'Webhooks');
      const row = page.locator('table tr', { hasText: hookUrl });
      await row.locator('button', { hasText: 'Delete' }).click();
      await row.locator('.govuk-warning-text', { hasText: 'deliveries log will be deleted' }).waitFor({ timeout });
    });
    await audit(page, 'webhooks (confirm delete)');

    await check('the webhook is deleted', async () => {
      await page.click('button:has-text("Yes, delete this webhook")');
      await page.locator('.govuk-notification-banner--success', { hasText: 'Webhook deleted' }).waitFor({ timeout });
      await page.locator('main p', { hasText: 'No webhooks yet.' }).waitFor({ timeout });
    });
    await audit(page, 'webhooks (deleted)');
  } finally {
    server.close();
  }
}
