// Embedding: a host page on another origin includes widget.js once; the widget's iframe
// appears, shows the idea's funding, and is resized to fit by a message from CC2i's origin.
// axe-core runs inside the widget page in both themes (the GOV.UK page-shape checks of the
// main journey do not apply to a fragment made for other sites' iframes).

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(join(here, '../node_modules/axe-core/axe.min.js'), 'utf8');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function axeOnly(page, check, assert, label) {
  await check(`axe: ${label}`, async () => {
    // Evaluated through the DevTools protocol: the widget's CSP rightly refuses injected <script>s.
    await page.evaluate(axeSource);
    const result = await page.evaluate(
      (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
      axeTags,
    );
    const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    assert(problems.length === 0, problems.join('\n  '));
  });
}

export default async function embedJourney({ page, base, timeout, check, assert, audit }) {
  let idea;
  await check('an open demo idea to embed', async () => {
    const res = await page.request.get(`${base}/api/v1/ideas?status=open`);
    const body = await res.json();
    idea = (body.items ?? body)[0];
    assert(idea?.id, 'no open idea');
  });

  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en-GB"><head><title>Borough portal</title></head><body><main>
<h1>Projects we support</h1><div data-cc2i-idea="${idea.id}" data-title="Funding for ${idea.title.replace(/"/g, '&quot;')}"></div>
<script src="${base}/widget.js"></script></main></body></html>`);
  });
  await new Promise((resolve) => host.listen(0, 'localhost', resolve));
  const hostUrl = `http://localhost:${host.address().port}/`;
  try {
    await check('a page on another origin embeds the widget with one line', async () => {
      await page.goto(hostUrl);
      const frame = page.frameLocator('iframe');
      await frame.locator('h1', { hasText: idea.title }).waitFor({ timeout });
      const text = await frame.locator('main').innerText();
      assert(/\d+% funded/.test(text), text);
      assert(/funding organisation/.test(text), text);
      const link = frame.locator('a', { hasText: 'Pledge on CC2i' });
      assert((await link.getAttribute('target')) === '_blank', 'opens in a new tab');
      assert((await link.getAttribute('href')).endsWith(`/ideas/${idea.id}`), 'links to the idea');
    });
    await check('the iframe is resized to fit its content', async () => {
      const iframe = page.locator('iframe');
      await page.waitForFunction(() => document.querySelector('iframe').style.height !== '190px', null, { timeout });
      const frameHeight = await iframe.evaluate((e) => e.getBoundingClientRect().height);
      const content = await page.frameLocator('iframe').locator('html').evaluate((e) => e.scrollHeight);
      assert(Math.abs(frameHeight - content) <= 2, `iframe ${frameHeight}px, content ${content}px`);
    });
    await check('a message from another origin does not resize it', async () => {
      const before = await page.locator('iframe').evaluate((e) => e.style.height);
      await page.evaluate(() => window.postMessage({ cc2i: 'resize', height: 999 }, '*'));
      await page.waitForTimeout(200);
      const after = await page.locator('iframe').evaluate((e) => e.style.height);
      assert(before === after, `${before} became ${after}`);
    });
  } finally {
    host.close();
  }

  await check('the widget page itself (light)', async () => {
    await page.goto(`${base}/embed/ideas/${idea.id}`);
    await page.locator('h1').waitFor({ timeout });
  });
  await axeOnly(page, check, assert, 'embedded widget (light)');
  await check('the widget page itself (dark, compact)', async () => {
    await page.goto(`${base}/embed/ideas/${idea.id}?theme=dark&compact=1`);
    await page.locator('body.dark h1').waitFor({ timeout });
  });
  await axeOnly(page, check, assert, 'embedded widget (dark, compact)');

  await check('the idea page offers the snippet, badge, a live preview and the funders CSV', async () => {
    await page.goto(`${base}/ideas/${idea.id}`);
    await page.locator('h1', { hasText: idea.title }).waitFor({ timeout });
    await page.locator('#embed summary').click();
    const snippet = await page.locator('#embed-snippet').inputValue();
    assert(snippet.includes(`data-cc2i-idea="${idea.id}"`) && snippet.includes(`${base}/widget.js`), snippet);
    const badge = await page.locator('#embed-badge').inputValue();
    assert(badge.includes(`${base}/badges/ideas/${idea.id}.svg`), badge);
    await page.frameLocator('iframe.app-embed-preview').locator('h1', { hasText: idea.title }).waitFor({ timeout });
    const href = await page.locator('#embed a', { hasText: 'Download the funders list (CSV)' }).getAttribute('href');
    const csv = await page.request.get(`${base}${href}`);
    assert(csv.status() === 200, `CSV: ${csv.status()}`);
    assert(csv.headers()['content-type'].startsWith('text/csv'), csv.headers()['content-type']);
    assert((await csv.text()).includes('organisation,organisation_identifier,status'), 'CSV header row');
  });
  await audit(page, 'idea (embed panel open)');
}
