// Questions, updates and moderation, on the page the idea's page links to, for the demo idea
// the core journey funded ("Online housing repairs reporting", proposed by Together Housing
// Group, funded by Manchester City Council and Clarion Housing Association): a member of
// Citizens Advice Newcastle follows the idea and asks a question (with errors first); the
// proposer answers it (with errors first) and posts a public and a funders-only update from
// the Updates tab (with errors first); the follower sees only the public update and is told
// about it; a funder sees both; a member of Bristol City Council reports the question (with
// errors first); a platform admin hides it from the moderation queue (with errors first),
// everyone sees "Removed by moderators" with the reason, and the admin restores it. axe-core
// runs on every state.

const demoIdea = 'Online housing repairs reporting';
const asker = 'kate.robson@canewcastle.example';
const proposer = 'liam.brennan@togetherhousing.example';
const funder = 'tom.gallagher@manchester.example';
const reporter = 'ellie.marsh@bristol.example';

export default async function discussionJourney(kit) {
  const { page, base, timeout, runId, adminEmail, adminPassword, demoPassword, check, assert, heading, audit, nav, finishSignIn, signInAs } = kit;
  const question = `Will the service work with Northgate housing management? (${runId})`;
  const answer = 'Yes: the adapter layer covers Northgate and Orchard from the private beta.';
  const publicUpdate = `Alpha has started ${runId}`;
  const fundersUpdate = `Budget check for funders ${runId}`;
  const removal = 'It named a tenant, which breaks the code of conduct';
  let ideaUrl = '';

  const banner = (text) => page.locator('.app-discussion .govuk-notification-banner--success', { hasText: text });
  const summaryLink = (field, text) =>
    page.locator(`.app-discussion .govuk-error-summary a[href="#${field}"]`, { hasText: text });
  const item = (text) => page.locator('.app-discussion__item', { hasText: text });
  // The idea's page links to its questions and updates, which have a page of their own.
  const openIdea = async () => {
    await page.goto(ideaUrl);
    await heading(page, demoIdea);
    await page.click('a:has-text("Questions and updates")');
    await page.waitForURL(`${ideaUrl}/questions-and-updates`, { timeout });
    await heading(page, demoIdea);
    await page.locator('h2#discussion-heading', { hasText: 'Questions and updates' }).waitFor({ timeout });
    await page.locator('#tab_idea-questions').waitFor({ timeout });
  };
  const openUpdates = async () => {
    await page.click('#tab_idea-updates');
    await page.locator('#idea-updates h3', { hasText: 'Updates' }).waitFor({ state: 'visible', timeout });
    assert(await page.locator('#idea-questions').isHidden(), 'the questions panel is still shown');
    assert((await page.getAttribute('#tab_idea-updates', 'aria-selected')) === 'true', 'the tab is not selected');
  };

  await check('a member of a verified organisation sees the questions tab and the ask form', async () => {
    await signInAs(page, asker, demoPassword);
    const found = await page.evaluate(async (q) => {
      const res = await fetch(`/api/v1/ideas?q=${encodeURIComponent(q)}`);
      return (await res.json()).items.map((i) => ({ id: i.id, title: i.title }));
    }, demoIdea);
    const idea = found.find((i) => i.title === demoIdea);
    assert(idea, `the demo idea was not found: ${JSON.stringify(found)}`);
    ideaUrl = `${base}/ideas/${idea.id}`;
    await openIdea();
    assert((await page.getAttribute('#tab_idea-questions', 'aria-selected')) === 'true', 'questions are not the first tab');
    await page.locator('#idea-questions', { hasText: 'No questions have been asked yet.' }).waitFor({ timeout });
    await page.getByLabel('Your question').waitFor({ timeout });
  });
  await audit(page, 'idea (questions tab)');

  await check('following the idea', async () => {
    await page.click('button:has-text("Follow this idea")');
    await banner('You follow this idea').waitFor({ timeout });
    await page.locator('.app-follow button', { hasText: 'Stop following' }).waitFor({ timeout });
  });
  await audit(page, 'idea (following)');

  await check('asking with nothing filled in shows the error summary', async () => {
    await page.click('button:has-text("Ask question")');
    await summaryLink('question', 'Enter your question').waitFor({ timeout });
    await page.locator('#question-error', { hasText: 'Enter your question' }).waitFor({ timeout });
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'idea (question, with errors)');

  await check('the question is published under the organisation’s name', async () => {
    await page.fill('#question', question);
    await page.click('button:has-text("Ask question")');
    await banner('Your question has been published').waitFor({ timeout });
    const asked = item(question);
    await asked.locator('h4', { hasText: 'Question from Citizens Advice Newcastle' }).waitFor({ timeout });
    await asked.locator('text=Not answered yet.').waitFor({ timeout });
    assert(!(await asked.innerText()).includes(asker), 'the asker’s email is shown');
    assert((await page.inputValue('#question')) === '', 'the form was not cleared');
  });
  await audit(page, 'idea (question asked)');

  await check('the proposer is told and answers (with errors first)', async () => {
    await signInAs(page, proposer, demoPassword);
    await nav(page, 'Notifications');
    await heading(page, 'Notifications');
    await page.locator('.app-notification', { hasText: 'Citizens Advice Newcastle asked a question' }).first().waitFor({ timeout });
    await openIdea();
    const asked = item(question);
    await asked.locator('button', { hasText: 'Publish answer' }).click();
    await page.locator('.app-discussion .govuk-error-summary a', { hasText: 'Enter your answer' }).waitFor({ timeout });
  });
  await audit(page, 'idea (answer, with errors)');

  await check('the answer is published', async () => {
    const asked = item(question);
    await asked.locator('textarea[id^="answer-"]').fill(answer);
    await asked.locator('button', { hasText: 'Publish answer' }).click();
    await banner('Your answer has been published').waitFor({ timeout });
    await item(question).locator('.app-answer', { hasText: 'Answered by Together Housing Group' }).waitFor({ timeout });
    await item(question).locator('.app-answer', { hasText: answer }).waitFor({ timeout });
    assert((await item(question).locator('textarea[id^="answer-"]').count()) === 0, 'the answer form is still there');
  });
  await audit(page, 'idea (question answered)');

  await check('the Updates tab shows the post-an-update form to the proposer', async () => {
    await openUpdates();
    await page.locator('#idea-updates', { hasText: 'There are no updates yet.' }).waitFor({ timeout });
    await page.getByLabel('Title', { exact: true }).waitFor({ timeout });
  });
  await audit(page, 'idea (updates tab)');

  await check('posting an update with nothing filled in shows the error summary', async () => {
    await page.click('button:has-text("Post update")');
    await summaryLink('update-title', 'Enter a title').waitFor({ timeout });
    await summaryLink('update-body', 'Enter the update').waitFor({ timeout });
    await summaryLink('audience', 'Select who can read this update').waitFor({ timeout });
  });
  await audit(page, 'idea (update, with errors)');

  await check('a public and a funders-only update are posted', async () => {
    await page.fill('#update-title', publicUpdate);
    await page.fill('#update-body', 'Discovery is done.\n\n- Alpha runs for 12 weeks\n- Show and tells every fortnight');
    await page.getByLabel(/^Everyone/).check();
    await page.click('button:has-text("Post update")');
    await banner('Your update has been posted').waitFor({ timeout });
    await page.fill('#update-title', fundersUpdate);
    await page.fill('#update-body', 'Hosting costs are 4% under the financial case.');
    await page.getByLabel(/^Funders only/).check();
    await page.click('button:has-text("Post update")');
    await item(fundersUpdate).locator('.govuk-tag', { hasText: 'Funders only' }).waitFor({ timeout });
    await item(publicUpdate).locator('li', { hasText: 'Show and tells every fortnight' }).waitFor({ timeout });
    assert((await page.getAttribute('#tab_idea-updates', 'aria-selected')) === 'true', 'the Updates tab was left');
  });
  await audit(page, 'idea (updates posted)');

  await check('a funder reads the funders-only update', async () => {
    await signInAs(page, funder, demoPassword);
    await openIdea();
    await openUpdates();
    await item(fundersUpdate).waitFor({ timeout });
    await item(publicUpdate).waitFor({ timeout });
  });

  await check('the follower is told about the public update and sees only it', async () => {
    await signInAs(page, asker, demoPassword);
    await nav(page, 'Notifications');
    await heading(page, 'Notifications');
    await page.locator('.app-notification', { hasText: publicUpdate }).first().waitFor({ timeout });
    await page.locator('.app-notification', { hasText: 'answered your question' }).first().waitFor({ timeout });
    assert((await page.locator('.app-notification', { hasText: fundersUpdate }).count()) === 0, 'told about a funders-only update');
    await openIdea();
    await openUpdates();
    await item(publicUpdate).waitFor({ timeout });
    assert((await item(fundersUpdate).count()) === 0, 'a non-funder sees the funders-only update');
  });
  await audit(page, 'idea (updates, not a funder)');

  await check('reporting without a reason shows the error summary', async () => {
    await signInAs(page, reporter, demoPassword);
    await openIdea();
    const asked = item(question);
    await asked.locator('summary', { hasText: 'Report this question' }).click();
    await asked.locator('button', { hasText: 'Send report' }).click();
    await page.locator('.app-discussion .govuk-error-summary a', { hasText: 'Enter why moderators should look at this' }).waitFor({ timeout });
  });
  await audit(page, 'idea (report, with errors)');

  await check('the question is reported', async () => {
    const asked = item(question);
    await asked.locator('textarea[id^="report-question-"]').fill('It names a tenant at a specific address.');
    await asked.locator('button', { hasText: 'Send report' }).click();
    await banner('Thank you for reporting the question').waitFor({ timeout });
    await item(question).locator('.app-reported', { hasText: 'You reported this question' }).waitFor({ timeout });
  });
  await audit(page, 'idea (reported)');

  await check('a platform admin sees the report in the moderation queue', async () => {
    await signInAs(page, adminEmail, adminPassword);
    await nav(page, 'Moderation');
    await heading(page, 'Moderation');
    const card = page.locator('.govuk-summary-card', { hasText: question });
    await card.locator('.govuk-tag', { hasText: 'Reported' }).waitFor({ timeout });
    await card.locator('li', { hasText: 'Bristol City Council' }).waitFor({ timeout });
    await card.locator('text=It names a tenant at a specific address.').waitFor({ timeout });
    await card.locator('dd', { hasText: answer }).waitFor({ timeout });
  });
  await audit(page, 'moderation queue');

  await check('hiding without a reason shows the error summary', async () => {
    const card = page.locator('.govuk-summary-card', { hasText: question });
    await card.locator('button', { hasText: 'Hide' }).click();
    await page.locator('.govuk-error-summary a', { hasText: 'Enter the reason for your decision' }).waitFor({ timeout });
    assert((await page.title()).startsWith('Error: '), 'title lacks the "Error:" prefix');
  });
  await audit(page, 'moderation queue (with errors)');

  await check('the admin hides the question with a reason', async () => {
    const card = page.locator('.govuk-summary-card', { hasText: question });
    await card.locator('textarea').fill(removal);
    await card.locator('button', { hasText: 'Hide' }).click();
    await page.locator('.govuk-notification-banner--success', { hasText: 'is hidden' }).waitFor({ timeout });
    await page
      .locator('.govuk-summary-card', { hasText: question })
      .locator('.govuk-tag', { hasText: 'Hidden by moderators' })
      .waitFor({ timeout });
  });
  await audit(page, 'moderation queue (hidden)');

  await check('people see "Removed by moderators" with the reason instead of the question and answer', async () => {
    await nav(page, 'Sign out');
    await heading(page, 'You have signed out');
    await openIdea();
    const removed = page.locator('.app-discussion__item', { hasText: `Removed by moderators: ${removal}` });
    await removed.waitFor({ timeout });
    await removed.locator('h4', { hasText: 'Question from Citizens Advice Newcastle' }).waitFor({ timeout });
    const text = await page.locator('#idea-questions').innerText();
    assert(!text.includes(question) && !text.includes(answer), 'the removed words are still shown');
    await page.locator('#idea-questions a', { hasText: 'Sign in' }).waitFor({ timeout });
  });
  await audit(page, 'idea (question removed)');

  await check('the admin restores the question and it is shown again', async () => {
    await nav(page, 'Sign in');
    await heading(page, 'Sign in');
    await page.fill('#email', adminEmail);
    await page.fill('#password', adminPassword);
    await page.click('button[type=submit]');
    await finishSignIn(page, adminEmail);
    await nav(page, 'Moderation');
    await heading(page, 'Moderation');
    const card = page.locator('.govuk-summary-card', { hasText: question });
    await card.locator('textarea').fill('Checked with the asker: the address was fictional');
    await card.locator('button', { hasText: 'Restore' }).click();
    await page.locator('.govuk-notification-banner--success', { hasText: 'shown again' }).waitFor({ timeout });
    // The banner shows before the queue reloads: wait for the card to go rather than count at once.
    await page.locator('.govuk-summary-card', { hasText: question }).waitFor({ state: 'detached', timeout });
    await openIdea();
    await item(question).locator('.app-answer', { hasText: answer }).waitFor({ timeout });
  });
  await audit(page, 'idea (question restored)');
}
