// Joining an organisation takes the person's consent: the demo's Kirklees Council invited
// Gareth Pryce (of Essex) to join. He sees the invitation on his account page, accepts it, and
// Kirklees is then among his organisations. axe-core runs on every state.

const invitee = 'gareth.pryce@essex.example';

export default async function joiningJourney(kit) {
  const { page, timeout, demoPassword, check, assert, heading, audit, signInAs } = kit;

  await check('joining: the invited person sees the invitation on their account page', async () => {
    await signInAs(page, invitee, demoPassword);
    const card = page.locator('#invitations ~ .govuk-summary-card', { hasText: 'Kirklees Council' });
    await card.waitFor({ timeout });
    await card.locator('dd', { hasText: 'Priya Shah' }).waitFor({ timeout });
    const organisations = await page.locator('.govuk-table', { hasText: 'Your role' }).innerText();
    assert(!organisations.includes('Kirklees Council'), 'a member before accepting');
  });
  await audit(page, 'account (an invitation to join)');

  await check('joining: accepting makes them a member', async () => {
    await page.locator('.govuk-summary-card', { hasText: 'Kirklees Council' }).locator('button', { hasText: 'Accept' }).click();
    await page.locator('.govuk-notification-banner--success', { hasText: 'You have joined Kirklees Council as member' }).waitFor({ timeout });
    await page.locator('.govuk-table', { hasText: 'Kirklees Council' }).waitFor({ timeout });
    assert((await page.locator('#invitations').count()) === 0, 'the answered invitation is still shown');
    await heading(page, 'Your account');
  });
  await audit(page, 'account (joined)');
}
