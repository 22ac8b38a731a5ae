// The audit log: Kirklees Council's owner opens it from the organisation's page and sees the
// entries of what happened there (verification, members, limits...), filters them by an
// action prefix, and gets "No entries match" for an action nobody took. axe-core runs on
// every state.

const owner = 'priya.shah@kirklees.example';

export default async function auditLog(kit) {
  const { page, base, timeout, demoPassword, check, assert, heading, audit, signInAs } = kit;

  await check('audit log: the owner opens it from the organisation page', async () => {
    await signInAs(page, owner, demoPassword);
    await page.goto(`${base}/organisations`);
    await page.locator('main a', { hasText: 'Kirklees Council' }).first().click();
    await heading(page, 'Kirklees Council');
    await page.locator('main a', { hasText: 'Audit log' }).click();
    await heading(page, 'Audit log');
    await page.locator('#audit-log tbody tr').first().waitFor({ timeout });
    const text = await page.locator('#audit-log').innerText();
    assert(text.includes('organisation.verified'), 'the verification is not in the log');
  });
  await audit(page, 'audit log');

  await check('audit log: filtering by an action prefix shows only those actions', async () => {
    await page.fill('#action', 'member.');
    await page.click('button:has-text("Apply filters")');
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('#audit-log tbody tr td:nth-child(3)')];
      return cells.length > 0 && cells.every((c) => c.innerText.startsWith('member.'));
    }, null, { timeout });
  });
  await audit(page, 'audit log (filtered)');

  await check('audit log: an action nobody took matches nothing', async () => {
    await page.fill('#action', 'nobody.did_this');
    await page.click('button:has-text("Apply filters")');
    await page.locator('#audit-log-empty', { hasText: 'No entries match.' }).waitFor({ timeout });
  });
  await audit(page, 'audit log (nothing matches)');
}
