// Exports: the idea page offers the public funders list as CSV and, for a funded-or-later
// idea (the demo idea the core and delivery journeys fund and deliver), its OCDS release
// package; an organisation's members download every pledge and commitment as CSV through a
// button that fetches it with their token. Both downloads are real (Playwright download
// events, contents checked), and axe-core runs on every state, the failure message too.

import { readFileSync } from 'node:fs';

async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

export default async function exportsJourney(kit) {
  const { page, base, timeout, demoPassword, check, assert, heading, audit, signInAs } = kit;
  const demoIdea = 'Online housing repairs reporting';
  let funded;
  let open;

  await check('a funded-or-later demo idea and an open one', async () => {
    for (const status of ['delivered', 'in_delivery', 'funded']) {
      const body = await (await page.request.get(`${base}/api/v1/ideas?status=${status}`)).json();
      funded ??= (body.items ?? body).find((i) => i.title === demoIdea) ?? (body.items ?? body)[0];
    }
    const body = await (await page.request.get(`${base}/api/v1/ideas?status=open`)).json();
    open = (body.items ?? body)[0];
    assert(funded?.id, 'no funded demo idea');
    assert(open?.id, 'no open demo idea');
  });

  await check('the idea page downloads its funders as CSV', async () => {
    await page.goto(`${base}/ideas/${funded.id}`);
    await heading(page, funded.title);
    const link = page.locator('#open-data a', { hasText: 'Download funders (CSV)' });
    const { name, text } = await downloaded(page, () => link.click());
    assert(name === `cc2i-idea-${funded.id}-pledges.csv`, `file name ${name}`);
    const rows = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    assert(rows[0].startsWith('organisation,organisation_identifier,status,share_bp'), `header row: ${rows[0]}`);
    assert(rows.length >= 3, `two funders at least: ${rows.length - 1} rows`);
    assert(rows.some((r) => r.startsWith('Manchester City Council,GB-LAE-MAN,committed')), text);
  });

  await check('the idea page links to its open contracting data (OCDS)', async () => {
    const link = page.locator('#open-data a', { hasText: 'Open contracting data (OCDS)' });
    const href = await link.getAttribute('href');
    assert(href === `/api/v1/ideas/${funded.id}/ocds`, `href ${href}`);
    const res = await page.request.get(`${base}${href}`);
    assert(res.status() === 200, `OCDS: ${res.status()}`);
    const pkg = await res.json();
    assert(pkg.version === '1.1', 'OCDS 1.1');
    const release = pkg.releases.at(-1);
    assert(release.ocid === `ocds-cc2i01-${funded.id}`, release.ocid);
    const budget = release.planning.budget;
    const sum = budget.budgetBreakdown.reduce((s, b) => s + Math.round(b.amount.amount * 100), 0);
    assert(sum === Math.round(budget.amount.amount * 100), 'the commitments add up to the budget');
    assert(release.parties.some((p) => p.identifier.scheme === 'GB-LAE' && p.identifier.id === 'MAN' && p.roles.includes('funder')), 'Manchester as funder');
  });
  await audit(page, 'idea (open data, funded)');

  await check('an open idea has the CSV but no OCDS link', async () => {
    await page.goto(`${base}/ideas/${open.id}`);
    await heading(page, open.title);
    await page.locator('#open-data a', { hasText: 'Download funders (CSV)' }).waitFor({ timeout });
    assert((await page.locator('#open-data a', { hasText: 'OCDS' }).count()) === 0, 'an OCDS link on an open idea');
    const res = await page.request.get(`${base}/api/v1/ideas/${open.id}/ocds`);
    assert(res.status() === 404 && (await res.json()).code === 'ocds_not_published', `OCDS of an open idea: ${res.status()}`);
  });

  const pledgesButton = () => page.locator('button', { hasText: 'Download pledges (CSV)' });
  await check('a member downloads the organisation’s pledges as CSV', async () => {
    await signInAs(page, 'tom.gallagher@manchester.example', demoPassword);
    await page.locator('main a', { hasText: 'Manchester City Council' }).first().click();
    await heading(page, 'Manchester City Council');
    const orgId = page.url().split('/').pop();
    const { name, text } = await downloaded(page, () => pledgesButton().click());
    assert(name === `cc2i-organisation-${orgId}-pledges.csv`, `file name ${name}`);
    assert(text.startsWith('\uFEFF'), 'the byte-order mark is kept');
    const rows = text.slice(1).trimEnd().split('\r\n');
    assert(rows[0].startsWith('pledge_id,idea_id,idea_title,status,share_bp,amount_pounds,amount_pence'), `header row: ${rows[0]}`);
    assert(rows.some((r) => r.includes(`,${funded.id},`) && r.includes(',committed,')), text);
    await page.locator('#pledges-csv-status', { hasText: `Downloaded ${name}.` }).waitFor({ timeout });
  });
  await audit(page, 'organisation (pledges downloaded)');

  await check('a failed download says so', async () => {
    const pattern = '**/api/v1/organisations/*/pledges.csv';
    await page.route(pattern, (route) => route.fulfill({ status: 500, body: 'down for maintenance' }));
    try {
      await pledgesButton().click();
      await page.locator('#pledges-csv-status .govuk-error-message', { hasText: 'could not be downloaded' }).waitFor({ timeout });
    } finally {
      await page.unroute(pattern);
    }
  });
  await audit(page, 'organisation (pledges download failed)');
}
