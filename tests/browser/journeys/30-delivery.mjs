// Delivery and re-use: the demo idea funded by the core journey ("Online housing repairs
// reporting", funded by Manchester City Council at 54.55% and Clarion Housing Association at
// 45.45%) is put into delivery by its proposer, a milestone covering the whole cost is
// submitted, Clarion's acceptance alone is not enough but Manchester's is, so the idea is
// delivered; then Kirklees Council, a newcomer, adopts it from the catalogue (maker-checker:
// one owner asks, another admin approves) and the original funders see their re-use
// dividend. axe-core runs on every page and state.

export default async function delivery(kit) {
  const { page, base, timeout, demoPassword, check, assert, heading, audit, nav, signInAs } = kit;
  const demoIdea = 'Online housing repairs reporting';
  let deliveryUrl = '';

  const openDelivery = async () => {
    await page.goto(deliveryUrl);
    await heading(page, 'Delivery');
    await page.locator('.govuk-summary-card').first().waitFor({ timeout });
  };
  const card = () => page.locator('.govuk-summary-card', { hasText: 'Live for every funder' });
  const banner = (text) => page.locator('.govuk-notification-banner--success', { hasText: text });

  await check('the proposer opens the delivery page of the funded idea', async () => {
    await signInAs(page, 'liam.brennan@togetherhousing.example', demoPassword);
    await nav(page, 'Ideas');
    await heading(page, 'Ideas');
    await page.locator('.app-results__item a', { hasText: demoIdea }).first().click();
    await heading(page, demoIdea);
    await page.locator('main a', { hasText: 'Delivery: milestones and acceptance' }).click();
    await heading(page, 'Delivery');
    deliveryUrl = page.url();
    await page.locator('main', { hasText: 'No milestones are planned yet.' }).waitFor({ timeout });
    await page.locator('button', { hasText: 'Start delivery' }).waitFor({ timeout });
  });
  await audit(page, 'delivery (funded)');

  await check('the proposer starts delivery', async () => {
    await page.click('button:has-text("Start delivery")');
    await banner('Delivery has started').waitFor({ timeout });
    await page.locator('.govuk-summary-list .govuk-tag', { hasText: 'In delivery' }).waitFor({ timeout });
  });
  await audit(page, 'delivery (started)');

  await check('adding a milestone with nothing filled in shows the error summary', async () => {
    await page.click('button:has-text("Add milestone")');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    for (const field of ['title', 'due_date', 'payment_bp']) {
      await summary.locator(`a[href="#${field}"]`).waitFor({ timeout });
    }
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'delivery (add milestone, with errors)');

  await check('the proposer plans one milestone covering the whole cost', async () => {
    await page.fill('#title', 'Live for every funder');
    await page.fill('#description', 'Tenants of every funding landlord can report and track repairs online.');
    await page.fill('#due_date', '30');
    await page.fill('#due_date-month', '6');
    await page.fill('#due_date-year', '2027');
    await page.fill('#payment_bp', '100');
    await page.click('button:has-text("Add milestone")');
    await banner('Milestone added').waitFor({ timeout });
    await card().locator('.govuk-tag', { hasText: 'Planned' }).waitFor({ timeout });
    await card().locator('dd', { hasText: '100% of the build cost (£291,000)' }).waitFor({ timeout });
    assert((await page.locator('form.app-milestone-form').count()) === 0, 'the whole cost is planned, yet the form is offered');
  });
  await audit(page, 'delivery (milestone planned)');

  await check('submitting without evidence is refused, with evidence the funders are asked', async () => {
    await card().locator('button', { hasText: 'Submit for acceptance' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'Enter the evidence' }).waitFor({ timeout });
    await card().locator('textarea').fill('Live at https://repairs.example.gov.uk since 1 June; usage report attached to the board papers.');
    await card().locator('button', { hasText: 'Submit for acceptance' }).click();
    await banner('was submitted').waitFor({ timeout });
    await card().locator('.govuk-tag', { hasText: 'Awaiting acceptance' }).waitFor({ timeout });
    await card().locator('.app-timeline', { hasText: 'Submitted as delivered' }).waitFor({ timeout });
  });
  await audit(page, 'delivery (milestone submitted)');

  await check('a funder with less than half of the shares decides, with errors first', async () => {
    await signInAs(page, 'grace.okafor@clarion.example', demoPassword);
    await openDelivery();
    await card().locator('button', { hasText: 'Record decision' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'Select whether you accept or reject' }).waitFor({ timeout });
  });
  await audit(page, 'delivery (decision, with errors)');

  await check("Clarion's 45.45% alone does not accept the milestone", async () => {
    await card().getByLabel('Accept: it was delivered as agreed').check();
    await card().locator('button', { hasText: 'Record decision' }).click();
    await banner('Your decision on').waitFor({ timeout });
    await card().locator('.govuk-tag', { hasText: 'Awaiting acceptance' }).waitFor({ timeout });
    await card().locator('tr', { hasText: 'Clarion Housing Association' }).locator('td', { hasText: 'Accepted' }).waitFor({ timeout });
    await card().locator('p', { hasText: 'Accepted by funders holding 45.45%' }).waitFor({ timeout });
  });
  await audit(page, 'delivery (one funder accepted)');

  await check("Manchester's 54.55% accepts it: the payment is released and the idea delivered", async () => {
    await signInAs(page, 'tom.gallagher@manchester.example', demoPassword);
    await openDelivery();
    await card().getByLabel('Accept: it was delivered as agreed').check();
    await card().locator('button', { hasText: 'Record decision' }).click();
    await banner('Your decision on').waitFor({ timeout });
    await card().locator('.govuk-tag', { hasText: 'Accepted' }).waitFor({ timeout });
    const payments = card().locator('table', { hasText: 'Payment released by final share' });
    await payments.locator('tr', { hasText: 'Total' }).locator('td', { hasText: '£291,000' }).waitFor({ timeout });
    await page.locator('.govuk-summary-list .govuk-tag', { hasText: 'Delivered' }).waitFor({ timeout });
    await card().locator('.app-timeline', { hasText: 'Milestone accepted: payment released' }).waitFor({ timeout });
  });
  await audit(page, 'delivery (delivered)');

  await check('the catalogue lists the delivered service with its terms and fee', async () => {
    await signInAs(page, 'priya.shah@kirklees.example', demoPassword);
    await nav(page, 'Catalogue');
    await heading(page, 'Re-use catalogue');
    const entry = page.locator('.govuk-summary-card', { hasText: demoIdea });
    await entry.locator('dd', { hasText: 'MIT' }).waitFor({ timeout });
    await entry.locator('dd', { hasText: '£97,000' }).waitFor({ timeout });
    await entry.locator('tr', { hasText: 'Manchester City Council' }).waitFor({ timeout });
    await entry.locator('p', { hasText: 'No organisation has adopted it yet.' }).waitFor({ timeout });
  });
  await audit(page, 'catalogue');

  await check('adopting without choosing an organisation shows the error summary', async () => {
    await page.locator('.govuk-summary-card', { hasText: demoIdea }).locator('a', { hasText: 'Adopt this service' }).click();
    await heading(page, `Adopt ${demoIdea}`);
    await page.click('button:has-text("Continue")');
    await page.locator('.govuk-error-summary a[href="#organisation_id"]').waitFor({ timeout });
  });
  await audit(page, 'adopt (with errors)');

  await check('the newcomer checks the fee before adopting', async () => {
    await page.getByLabel('Kirklees Council', { exact: true }).check();
    await page.click('button:has-text("Continue")');
    await heading(page, 'Check the fee');
    await page.locator('dd', { hasText: '£97,000' }).waitFor({ timeout });
    await page.locator('dd', { hasText: '50% of the fee goes back to the original funders' }).waitFor({ timeout });
  });
  await audit(page, 'adopt (check the fee)');

  let approvedAtOnce = false;
  await check('confirming sends the adoption for approval', async () => {
    await page.click('button:has-text("Confirm and adopt")');
    const panel = page.locator('.govuk-panel');
    await panel.waitFor({ timeout });
    approvedAtOnce = (await panel.innerText()).includes('Adoption approved');
    if (!approvedAtOnce) await heading(page, 'Adoption sent for approval');
  });
  await audit(page, 'adopt (sent for approval)');

  if (!approvedAtOnce) {
    await check('another admin of the adopting organisation approves it', async () => {
      await signInAs(page, 'david.holroyd@kirklees.example', demoPassword);
      await page.locator('main a', { hasText: 'Kirklees Council' }).first().click();
      await heading(page, 'Kirklees Council');
      await page.locator('main a', { hasText: 'What we have funded' }).click();
      await heading(page, 'What we have funded');
      await page.locator('h2', { hasText: 'Adoptions waiting for approval' }).waitFor({ timeout });
    });
    await audit(page, 'what we have funded (adoption awaiting approval)');

    await check('the approval fixes the fee and pays the dividend', async () => {
      const item = page.locator('.govuk-summary-card', { hasText: `Adopt ${demoIdea}` });
      await item.locator('button', { hasText: 'Approve adoption' }).click();
      await banner('You approved adopting').waitFor({ timeout });
      await page.locator('dd', { hasText: '£97,000' }).first().waitFor({ timeout });
    });
    await audit(page, 'what we have funded (adoption approved)');
  }

  await check('an original funder sees its re-use dividend over time', async () => {
    await signInAs(page, 'tom.gallagher@manchester.example', demoPassword);
    await page.locator('main a', { hasText: 'Manchester City Council' }).first().click();
    await heading(page, 'Manchester City Council');
    await page.locator('main a', { hasText: 'What we have funded' }).click();
    await heading(page, 'What we have funded');
    const totals = page.locator('.govuk-summary-list').first();
    await totals.locator('.govuk-summary-list__row', { hasText: 'Re-use dividends received' }).locator('dd', { hasText: '£26,456.75' }).waitFor({ timeout });
    await totals.locator('.govuk-summary-list__row', { hasText: 'Paid out through accepted milestones' }).locator('dd', { hasText: '£158,727.27' }).waitFor({ timeout });
    const chart = page.locator('figure.app-chart svg[role=img]');
    await chart.waitFor({ timeout });
    assert(/re-use dividends received reached £26,456.75/.test(await chart.locator('desc').textContent()), 'the chart is not described');
    await page.locator('summary', { hasText: 'Show the chart’s data as a table' }).click();
    await page.locator('table', { hasText: 'Running totals by date' }).locator('td', { hasText: '£26,456.75' }).waitFor({ timeout });
  });
  await audit(page, 'what we have funded (dividend)');

  await check('the catalogue shows the adopter and each funder’s dividend', async () => {
    await nav(page, 'Catalogue');
    await heading(page, 'Re-use catalogue');
    const entry = page.locator('.govuk-summary-card', { hasText: demoIdea });
    await entry.locator('li', { hasText: 'Kirklees Council, £97,000' }).waitFor({ timeout });
    await entry.locator('tr', { hasText: 'Clarion Housing Association' }).locator('td', { hasText: '£22,043.25' }).waitFor({ timeout });
    await entry.locator('dd', { hasText: '£72,750' }).waitFor({ timeout });
  });
  await audit(page, 'catalogue (adopted)');
}
