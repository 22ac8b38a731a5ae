// The funders' backlog on the demo idea the core journey funded ("Online housing repairs
// reporting", proposed by Together Housing Group, funded by Manchester City Council at 54.55%
// and Clarion Housing Association at 45.45%): the proposer chooses share-weighted voting and
// adds a requirement (with errors first); Manchester adds one and votes, retracts and votes
// again; Clarion votes; the proposer declines without a reason (error), then plans it with a
// note. axe-core runs on every state.

const demoIdea = 'Online housing repairs reporting';
const proposer = 'liam.brennan@togetherhousing.example';
const manchester = 'tom.gallagher@manchester.example';
const clarion = 'grace.okafor@clarion.example';

export default async function backlogJourney(kit) {
  const { page, base, timeout, runId, demoPassword, check, assert, heading, audit, signInAs } = kit;
  const ours = `Text message updates for tenants ${runId}`;
  const theirs = `Photo upload with each repair report ${runId}`;
  let backlogUrl = '';

  const card = (title) => page.locator('.app-backlog__item', { hasText: title });
  const banner = (text) => page.locator('.govuk-notification-banner--success', { hasText: text });
  const openBacklog = async () => {
    await page.goto(backlogUrl);
    await heading(page, 'Backlog');
    await page.locator('#voting-model').waitFor({ timeout });
  };

  await check('the proposer opens the backlog from the idea page', async () => {
    await signInAs(page, proposer, demoPassword);
    const found = await page.evaluate(async (q) => {
      const res = await fetch(`/api/v1/ideas?q=${encodeURIComponent(q)}`);
      return (await res.json()).items.map((i) => ({ id: i.id, title: i.title }));
    }, demoIdea);
    const idea = found.find((i) => i.title === demoIdea);
    assert(idea, `the demo idea was not found: ${JSON.stringify(found)}`);
    await page.goto(`${base}/ideas/${idea.id}`);
    await heading(page, demoIdea);
    await page.locator('main a', { hasText: 'Backlog: what funders want built' }).click();
    await heading(page, 'Backlog');
    backlogUrl = page.url();
    assert(backlogUrl.endsWith(`/ideas/${idea.id}/backlog`), `backlog address: ${backlogUrl}`);
    await page.locator('main', { hasText: 'There are no requirements yet.' }).waitFor({ timeout });
    await page.getByLabel('One organisation, one vote').waitFor({ timeout });
    assert(await page.getByLabel('One organisation, one vote').isChecked(), 'the default model is not chosen');
  });
  await audit(page, 'backlog (empty, proposer)');

  await check('the proposer chooses share-weighted voting', async () => {
    await page.getByLabel('Weighted by each funder’s share').check();
    await page.click('button:has-text("Save voting model")');
    await banner('weighted by each funder’s share').waitFor({ timeout });
    await page.locator('#voting-model', { hasText: 'final share once it is funded' }).waitFor({ timeout });
  });
  await audit(page, 'backlog (share-weighted)');

  await check('adding a requirement with nothing filled in shows the error summary', async () => {
    await page.click('button:has-text("Add requirement")');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout });
    await summary.locator('a[href="#title"]', { hasText: 'Enter a title' }).waitFor({ timeout });
    await summary.locator('a[href="#description"]').waitFor({ timeout });
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'backlog (add, with errors)');

  await check("a title that is too short is refused by the API, in the service's words", async () => {
    await page.fill('#title', 'SMS');
    await page.fill('#description', 'Tenants want a text when the repair is booked and on the day.');
    await page.click('button:has-text("Add requirement")');
    await page
      .locator('.govuk-error-summary a[href="#title"]', { hasText: 'Title must be between 5 and 120 characters' })
      .waitFor({ timeout });
    await page.locator('#title-error').waitFor({ timeout });
  });
  await audit(page, 'backlog (add, with API errors)');

  await check('the proposer adds a requirement', async () => {
    await page.fill('#title', ours);
    await page.click('button:has-text("Add requirement")');
    await banner(`You added ‘${ours}’ to the backlog`).waitFor({ timeout });
    await card(ours).locator('.govuk-tag', { hasText: 'Proposed' }).waitFor({ timeout });
    await card(ours).locator('text=Added by Together Housing Group').waitFor({ timeout });
    assert((await page.locator('#title').inputValue()) === '', 'the form was not cleared');
    assert((await page.locator('.govuk-error-summary').count()) === 0, 'errors are still shown');
  });
  await audit(page, 'backlog (one requirement)');

  await check('a funder adds a requirement and votes for the other', async () => {
    await signInAs(page, manchester, demoPassword);
    await openBacklog();
    await page.locator('main', { hasText: 'You vote for Manchester City Council.' }).waitFor({ timeout });
    await page.fill('#title', theirs);
    await page.fill('#description', 'Operatives arrive with the right parts when they can see the problem first.');
    await page.click('button:has-text("Add requirement")');
    await banner(`You added ‘${theirs}’`).waitFor({ timeout });
    await card(theirs).locator('text=Added by Manchester City Council').waitFor({ timeout });
    await page.getByRole('button', { name: `Vote for ${ours}`, exact: true }).click();
    await banner('It now has a score of 54.55% from 1 funder').waitFor({ timeout });
    const first = page.locator('.app-backlog__item').first();
    assert((await first.locator('h3').innerText()).trim() === ours, 'the voted requirement is not first');
    await first.locator('text=Score 54.55% from 1 funder').waitFor({ timeout });
    await first.locator('text=Voted for by Manchester City Council (54.55%)').waitFor({ timeout });
    const bar = first.locator('progress');
    assert((await bar.getAttribute('value')) === '10000', 'the bar does not show the whole score');
    assert((await bar.getAttribute('aria-label')) === `Share of the backlog's score: ${ours}`, 'the bar is not named');
  });
  await audit(page, 'backlog (voted)');

  await check('the funder retracts the vote and the tally follows', async () => {
    await page.getByRole('button', { name: `Retract vote for ${ours}`, exact: true }).click();
    await banner('It now has a score of 0% from 0 funders').waitFor({ timeout });
    await card(ours).getByRole('button', { name: `Vote for ${ours}`, exact: true }).waitFor({ timeout });
    await card(ours).locator('text=Score 0% from 0 funders').waitFor({ timeout });
  });
  await audit(page, 'backlog (vote retracted)');

  await check('the funder votes again, and after reloading the vote is still there', async () => {
    await page.getByRole('button', { name: `Vote for ${ours}`, exact: true }).click();
    await banner(`You voted for ‘${ours}’ for Manchester City Council`).waitFor({ timeout });
    await openBacklog();
    await card(ours).getByRole('button', { name: `Retract vote for ${ours}`, exact: true }).waitFor({ timeout });
    await card(ours).locator('text=Manchester City Council voted for this.').waitFor({ timeout });
  });

  await check('a second funder votes and the scores add up its share', async () => {
    await signInAs(page, clarion, demoPassword);
    await openBacklog();
    await page.getByRole('button', { name: `Vote for ${theirs}`, exact: true }).click();
    await banner('It now has a score of 45.45% from 1 funder').waitFor({ timeout });
    await page.getByRole('button', { name: `Vote for ${ours}`, exact: true }).click();
    await banner('It now has a score of 100% from 2 funders').waitFor({ timeout });
    const first = page.locator('.app-backlog__item').first();
    await first.locator('text=Score 100% from 2 funders').waitFor({ timeout });
    const shares = await page.locator('.app-backlog__item .app-progress__text').allInnerTexts();
    assert(/68\.75% of the backlog's total score/.test(shares[0]), `first share: ${shares[0]}`);
    assert(/31\.25% of the backlog's total score/.test(shares[1]), `second share: ${shares[1]}`);
    assert((await page.locator('button', { hasText: 'Save voting model' }).count()) === 0, 'a funder sees the model form');
  });
  await audit(page, 'backlog (two funders voted)');

  await check('declining without a reason shows the error beside the note', async () => {
    await signInAs(page, proposer, demoPassword);
    await openBacklog();
    assert((await page.locator('button', { hasText: 'Save voting model' }).count()) === 0, 'the model can change after votes');
    const item = card(theirs);
    await item.locator('summary', { hasText: 'Change status' }).click();
    await item.locator('select').selectOption('declined');
    await item.locator('button', { hasText: 'Save status' }).click();
    const link = page.locator('.govuk-error-summary a[href^="#note-"]', { hasText: 'Enter why you are declining it' });
    await link.waitFor({ timeout });
    await item.locator('.govuk-error-message', { hasText: 'Enter why you are declining it' }).waitFor({ timeout });
  });
  await audit(page, 'backlog (status, with errors)');

  await check('the proposer plans a requirement with a note', async () => {
    const item = card(theirs);
    await item.locator('select').selectOption('planned');
    await item.locator('textarea').fill('In the March release, with compression for slow connections.');
    await item.locator('button', { hasText: 'Save status' }).click();
    await banner(`‘${theirs}’ is now planned`).waitFor({ timeout });
    await card(theirs).locator('.govuk-tag', { hasText: 'Planned' }).waitFor({ timeout });
    await card(theirs).locator('.govuk-inset-text', { hasText: 'In the March release' }).waitFor({ timeout });
    await card(theirs).locator('summary', { hasText: 'Status history' }).click();
    await card(theirs).locator('.govuk-details__text li', { hasText: 'Planned (In the March release' }).waitFor({ timeout });
  });
  await audit(page, 'backlog (planned)');

  await check("the requirement's author is told", async () => {
    await signInAs(page, manchester, demoPassword);
    await page.goto(`${base}/notifications`);
    await heading(page, 'Notifications');
    await page.locator('main', { hasText: `Requirement planned: ${theirs}` }).first().waitFor({ timeout });
  });
}
