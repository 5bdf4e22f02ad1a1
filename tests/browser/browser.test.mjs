// The web pages of tracuu-searchd in a real browser (run by run.sh, which starts the
// daemon on an index of corpus/sample.jsonl). Each test leaves a screenshot in
// TRACUU_ARTIFACTS; together they show what a person sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.TRACUU_NODE_MODULES, 'x.js'));
const { chromium } = require('playwright-core');

const BASE = process.env.TRACUU_URL;
const SITE = process.env.TRACUU_EMBED_ORIGIN; // run.sh lists it in --cors
const ARTIFACTS = process.env.TRACUU_ARTIFACTS;
const QUERY = 'khoa hoc cong nghe';
// Close to task-dt-2019-02 of the sample corpus, typed without diacritics.
const PROPOSAL_TITLE = 'Nhan giong sam Ngoc Linh bang nuoi cay mo';
const PROPOSAL_TEXT =
  'Muc tieu: xay dung quy trinh nhan giong sam Ngoc Linh bang ky thuat nuoi cay mo tu giai ' +
  'doan khu trung mau, tao mo seo, cam ung phoi vo tinh den tai sinh cay hoan chinh; xay dung ' +
  'quy trinh huan luyen va chuyen cay ra vuon uom phu hop dieu kien Nam Tra My.';

let browser;
const problems = []; // console errors (CSP violations among them) and page errors

async function shot(page, name) {
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  return page;
}

/* A test on a new page opened at BASE + target; the page is closed after it, passed or
 * failed. */
function pageTest(name, target, body) {
  test(name, async () => {
    const page = await newPage();
    try {
      await page.goto(`${BASE}${target}`);
      await body(page);
    } finally {
      await page.context().close();
    }
  });
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

pageTest('typing without diacritics shows suggestions, then highlighted results',
  '/', async (page) => {
  // Keyboard only: Tab to the box.
  for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'q'; i++)
    await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q', 'Tab reaches the box');
  await page.keyboard.type(QUERY, { delay: 25 });
  // Replies to earlier prefixes may paint first on a busy machine: wait for this text's.
  const options = page.locator(`#q-suggestions[data-query="${QUERY}"] [role="option"]`);
  await options.first().waitFor({ state: 'visible' });
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
  assert.match(await options.first().innerText(), /khoa học/, 'suggestions restore diacritics');
  await shot(page, 'suggest.png');
  await page.keyboard.press('Escape');
  await page.locator('#q-suggestions').waitFor({ state: 'hidden' });
  // Instant results may have put q= in the address already: wait for Enter's page load.
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  assert.match(page.url(), /[?&]q=khoa/);
  const marks = page.locator('#results .snippet mark');
  await marks.first().waitFor();
  assert.ok((await marks.count()) >= 3, 'snippets highlight the words');
  const marked = (await marks.allInnerTexts()).join(' ').toLowerCase();
  assert.match(marked, /học|công|nghệ/, 'the accented words are highlighted');
  assert.match(await page.locator('.summary').innerText(), /Tìm thấy \d+ kết quả/);
  assert.match(await page.locator('.didyoumean').innerText(), /Có phải bạn muốn tìm/);
  assert.ok(await page.locator('.hit time').count() > 0, 'hits show their dates');
  await shot(page, 'search.png');
});

pageTest('the keyboard picks a suggestion: ArrowDown, Enter', '/', async (page) => {
  await page.focus('#q');
  await page.keyboard.type('giong lua', { delay: 25 });
  const first = page.locator('#q-suggestions[data-query="giong lua"] [role="option"]').first();
  await first.waitFor({ state: 'visible' });
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#q', 'aria-activedescendant');
  assert.equal(active, await first.getAttribute('id'), 'aria-activedescendant follows the arrow');
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  const chosen = await first.getAttribute('data-value');
  await shot(page, 'keyboard.png');
  // The instant results may already have put ?q=giong+lua in the address, so waiting for
  // "some q=" could return before Enter's navigation: wait for the new page's load instead.
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).searchParams.get('q'), chosen,
    'Enter searches the highlighted suggestion');
  assert.equal(await page.inputValue('#q'), chosen);
  await page.locator('.hit').first().waitFor();
});

pageTest('results follow the typing (instant update, address kept in step)',
  `/?q=${encodeURIComponent(QUERY)}`, async (page) => {
  await page.fill('#q', '');
  await page.focus('#q');
  await page.keyboard.type('sam ngoc linh', { delay: 25 });
  await page.waitForFunction(() => /q=sam/.test(location.search), null, { timeout: 10000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('#results .hit h2')].some((h) => /Ngọc Linh/.test(h.textContent)));
  await page.keyboard.press('Escape');
  await shot(page, 'instant.png');
});

pageTest('a facet filters the list', `/?q=${encodeURIComponent(QUERY)}`, async (page) => {
  const total = Number((await page.locator('.summary strong').innerText()).replace(/\D/g, ''));
  const facet = page.locator('.facet a', { hasText: 'Nhiệm vụ KH&CN' });
  await Promise.all([page.waitForURL(/type=task/), facet.click()]);
  const types = await page.locator('.hit .type').allInnerTexts();
  assert.ok(types.length > 0);
  assert.ok(types.every((t) => t === 'Nhiệm vụ KH&CN'), `only tasks: ${types}`);
  const filtered = Number((await page.locator('.summary strong').innerText()).replace(/\D/g, ''));
  assert.ok(filtered < total, `${filtered} < ${total}`);
  assert.equal(await page.locator('ul.active a').count(), 1, 'the filter in force is shown');
  assert.equal(await page.locator('.facet a.on').getAttribute('aria-current'), 'true');
  await shot(page, 'facet.png');
});

pageTest('a document page',
  `/?q=${encodeURIComponent('nhan giong sam ngoc linh')}&type=task`, async (page) => {
  const link = page.locator('.hit h2 a').first();
  const title = await link.innerText();
  await Promise.all([page.waitForURL(/\/doc\//), link.click()]);
  assert.equal(await page.locator('h1').innerText(), title);
  assert.ok(await page.locator('dt', { hasText: 'Mã số' }).count() === 1, 'task fields are named');
  assert.ok(await page.locator('.doc .text p').count() > 3, 'the text in paragraphs');
  await shot(page, 'document.png');
});

pageTest('the duplicate check shows the candidate, its verdict and the shared passages',
  '/similar', async (page) => {
  await page.fill('#title', PROPOSAL_TITLE);
  await page.fill('#text', PROPOSAL_TEXT);
  await Promise.all([page.waitForURL(/\/similar$/), page.click('form.similar button[type="submit"]')]);
  const first = page.locator('li.candidate').first();
  await first.waitFor();
  assert.equal(await first.locator('h3 a').getAttribute('href'), '/doc/task-dt-2019-02');
  assert.equal(await first.locator('.verdict').innerText(), 'Trùng lặp');
  assert.ok(await first.locator('.pair').count() > 0, 'passages side by side');
  assert.ok(await first.locator('.pair div:first-child mark').count() > 0, 'proposal highlighted');
  assert.ok(await first.locator('.pair div:last-child mark').count() > 0, 'record highlighted');
  assert.equal(await page.inputValue('#title'), PROPOSAL_TITLE, 'the form keeps the proposal');
  await shot(page, 'duplicate.png');
});

/* The first entry of a list page (officials, decisions) opens its own page, headed by
 * its name and listing `evidence`, the documents that mention it. */
async function firstEntryOpens(page, pathPattern, evidence, why, screenshot) {
  const entry = page.locator('ul.people h2 a').first();
  const name = await entry.innerText();
  await Promise.all([page.waitForURL(pathPattern), entry.click()]);
  assert.equal(await page.locator('h1').innerText(), name);
  assert.ok(await page.locator(evidence).count() > 0, why);
  await shot(page, screenshot);
}

pageTest("an official's page and a decision's page",
  `/officials?q=${encodeURIComponent('nguyen huu phuoc')}`, async (page) => {
  await firstEntryOpens(page, /\/officials\/.+/, 'ol.hits .hit', 'the documents that name them',
    'official.png');
  await page.goto(`${BASE}/decisions`);
  await firstEntryOpens(page, /\/decisions\/.+/, 'ol.hits blockquote', 'the citing sentences',
    'decision.png');
});

pageTest('task search with structured filters', '/tasks', async (page) => {
  await page.selectOption('#level', 'province');
  await page.selectOption('#sort', '-year');
  await Promise.all([page.waitForURL(/level=province/), page.click('form.filters button')]);
  const metas = await page.locator('.hit .meta').allInnerTexts();
  assert.ok(metas.length > 0);
  assert.ok(metas.every((m) => m.includes('Cấp tỉnh')), 'only provincial tasks');
  await shot(page, 'tasks.png');
});

test('without JavaScript the search works and matches the API', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${BASE}/`);
  await page.fill('#q', QUERY);
  await Promise.all([page.waitForURL(/[?&]q=/), page.press('#q', 'Enter')]);
  assert.equal(await page.locator('#q-suggestions').count(), 0, 'no script ran');
  assert.ok(await page.locator('#results .snippet mark').count() > 0);
  const ids = (await page.locator('.hit h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    .map((h) => decodeURIComponent(h.replace('/doc/', '')));
  const api = await (await fetch(`${BASE}/api/search?q=${encodeURIComponent(QUERY)}`)).json();
  assert.deepEqual(ids, api.hits.map((h) => h.id), 'the page lists what the API answers');
  await page.locator('nav.pages a[rel="next"]').click();
  await page.waitForURL(/page=2/);
  assert.ok(await page.locator('.hit').count() > 0, 'the next page');
  await page.goto(`${BASE}/?q=${encodeURIComponent(QUERY)}`);
  await shot(page, 'nojs.png');
  await page.context().close();
});

test('at phone width nothing scrolls sideways', async () => {
  const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  for (const url of [`/?q=${encodeURIComponent(QUERY)}`, '/doc/task-dt-2019-02', '/tasks', '/similar']) {
    await page.goto(`${BASE}${url}`);
    const [scroll, width] = await page.evaluate(() =>
      [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= width, `${url}: ${scroll}px wide in a ${width}px screen`);
  }
  await page.goto(`${BASE}/?q=${encodeURIComponent(QUERY)}`);
  await shot(page, 'phone.png');
  await page.context().close();
});

test("the embeddable snippet on the department's site suggests and searches", async () => {
  // A real department's site and tracuu are both public; here tracuu is on loopback,
  // which Chromium lets another origin's page reach only with this permission.
  const page = await newPage({ permissions: ['local-network-access'] });
  // The department's page, as web/embed.html shows it, served at another origin.
  const html = readFileSync(path.join(process.env.TRACUU_SOURCE_DIR, 'web/embed.html'), 'utf8')
    .replaceAll('https://tracuu.example.gov.vn', BASE);
  await page.route(`${SITE}/`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(`${SITE}/`);
  await page.focus('#tracuu-q');
  await page.keyboard.type('khoa hoc', { delay: 25 });
  const first = page.locator('[data-query="khoa hoc"] [role="option"]').first();
  await first.waitFor({ state: 'visible' });
  assert.match(await first.innerText(), /khoa học/);
  await shot(page, 'embed.png');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(`${BASE}/?q=*`), page.keyboard.press('Enter')]);
  assert.ok(await page.locator('.hit').count() > 0, 'the search runs on tracuu');
  await page.context().close();
});

test('no Content-Security-Policy violation or script error on any page', () => {
  assert.deepEqual(problems, []);
});
