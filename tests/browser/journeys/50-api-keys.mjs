// API keys: the owner of Manchester City Council opens "API keys" from the organisation
// page, submits the empty form (error summary), creates a key that may only read pledges
// and sees it once; the journey then uses the key against the API from the page (the
// organisation's pledges.csv works, drafting an idea is refused with 403
// insufficient_scope); after a reload the key is no longer shown and "Last used" has a
// date; revoking it (with a confirmation step) makes the key's very next request a 401.
// axe-core runs on every state.

const owner = 'tom.gallagher@manchester.example';
const orgName = 'Manchester City Council';

export default async function apiKeysJourney(kit) {
  const { page, base, timeout, runId, demoPassword, check, assert, heading, audit, signInAs } = kit;
  const keyName = `Finance system ${runId}`;
  let orgId = '';
  let secret = '';

  const summaryLink = (field, text) => page.locator(`.govuk-error-summary a[href="#${field}"]`, { hasText: text });
  const row = () => page.locator('.govuk-table__row', { hasText: keyName });
  const withKey = (path, init = {}) =>
    page.evaluate(
      async ({ path, init, secret }) => {
        const res = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${secret}` } });
        return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
      },
      { path, init, secret },
    );

  await check('an owner opens API keys from the organisation page', async () => {
    await signInAs(page, owner, demoPassword);
    const found = await page.evaluate(async (q) => {
      const res = await fetch(`/api/v1/organisations?q=${encodeURIComponent(q)}`);
      return (await res.json()).items.map((o) => ({ id: o.id, name: o.name }));
    }, orgName);
    const org = found.find((o) => o.name === orgName);
    assert(org, `${orgName} was not found: ${JSON.stringify(found)}`);
    orgId = org.id;
    await page.goto(`${base}/organisations/${orgId}`);
    await heading(page, orgName);
    await page.locator('a', { hasText: 'API keys' }).click();
    await heading(page, 'API keys');
    assert(page.url() === `${base}/organisations/${orgId}/api-keys`, `unexpected address ${page.url()}`);
    await page.getByLabel('Name', { exact: true }).waitFor({ timeout });
  });
  await audit(page, 'API keys');

  await check('creating a key with nothing filled in shows the API’s errors in the summary', async () => {
    await page.click('button:has-text("Create API key")');
    await summaryLink('name', 'Enter a name for the key').waitFor({ timeout });
    await summaryLink('scopes', 'Select at least one thing the key may do').waitFor({ timeout });
    await page.locator('#name-error', { hasText: 'Enter a name for the key' }).waitFor({ timeout });
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'API keys (with errors)');

  await check('a key that may only read pledges is created and shown once', async () => {
    await page.fill('#name', keyName);
    await page.getByLabel(/\(pledges:read\)/).check();
    await page.click('button:has-text("Create API key")');
    await page.locator('.govuk-panel__title', { hasText: `API key ${keyName} created` }).waitFor({ timeout });
    secret = (await page.locator('#new-api-key').innerText()).trim();
    assert(/^cc2i_[A-Za-z0-9_-]{43}$/.test(secret), `unexpected key ${secret}`);
    await page.locator('.govuk-warning-text', { hasText: 'You will not see it again' }).waitFor({ timeout });
    await row().waitFor({ timeout });
    const text = await row().innerText();
    assert(text.includes(secret.slice(0, 12)), 'the table does not show the prefix');
    assert(!text.includes(secret), 'the table shows the whole key');
    assert(text.includes('pledges:read') && !text.includes('ideas:write'), `wrong scopes: ${text}`);
    assert(text.includes('Never'), `a new key has been used: ${text}`);
    assert((await page.title()) === 'API keys – CC2i', `title is ${await page.title()}`);
  });
  await audit(page, 'API keys (key created)');

  await check('the key reads the organisation’s pledges.csv and is refused what it may not do', async () => {
    const csv = await withKey(`/api/v1/organisations/${orgId}/pledges.csv`);
    assert(csv.status === 200, `pledges.csv answered ${csv.status}: ${csv.text}`);
    assert(csv.type.startsWith('text/csv'), `pledges.csv is ${csv.type}`);
    assert(csv.text.includes('pledge_id,idea_id,idea_title,status'), 'no CSV header');
    const idea = await withKey('/api/v1/ideas', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        organisation_id: orgId,
        title: `Drafted by a machine ${runId}`,
        summary: 'One online repairs service, shared by every funder.',
        description: '## The problem\nTenants can only phone.',
        service_areas: ['housing', 'customer_contact'],
        deadline: new Date(Date.now() + 30 * 86400000).toISOString(),
      }),
    });
    assert(idea.status === 403, `drafting an idea answered ${idea.status}: ${idea.text}`);
    assert(idea.type === 'application/problem+json', `the refusal is ${idea.type}`);
    const problem = JSON.parse(idea.text);
    assert(problem.code === 'insufficient_scope' && problem.detail.includes('ideas:write'), idea.text);
    const me = await withKey('/api/v1/me');
    assert(me.status === 403 && JSON.parse(me.text).code === 'insufficient_scope', `GET /me answered ${me.status}`);
  });

  await check('after a reload the key is never shown again and its last use is dated', async () => {
    await page.reload();
    await heading(page, 'API keys');
    await row().waitFor({ timeout });
    assert((await page.locator('#new-api-key').count()) === 0, 'the key is shown again');
    assert(!(await page.content()).includes(secret), 'the key is in the page');
    const text = await row().innerText();
    assert(!text.includes('Never'), `last used is not dated: ${text}`);
  });
  await audit(page, 'API keys (listed)');

  await check('revoking asks for confirmation first', async () => {
    await row().locator('button', { hasText: `Revoke ${keyName}` }).click();
    await row().locator('.govuk-warning-text', { hasText: 'will be refused at once' }).waitFor({ timeout });
  });
  await audit(page, 'API keys (confirm revoke)');

  await check('a revoked key is refused at once', async () => {
    await row().locator('button', { hasText: 'Yes, revoke the key' }).click();
    await page.locator('.govuk-notification-banner--success', { hasText: `The API key ${keyName} has been revoked` }).waitFor({ timeout });
    await page.locator('.govuk-table__row', { hasText: keyName }).waitFor({ state: 'detached', timeout });
    const res = await withKey(`/api/v1/organisations/${orgId}/pledges.csv`);
    assert(res.status === 401, `a revoked key answered ${res.status}`);
    assert(JSON.parse(res.text).code === 'unauthorized', res.text);
  });
  await audit(page, 'API keys (revoked)');
}
