// End-to-end test in headless Chromium: starts `sitrep serve` on a free port
// with the fixture incidents, filters by country, brushes the timeline, opens
// every incident, checks every claim shows its claimant and figure, checks
// that markup in a document is shown as text and never run, reads a pasted
// article, and saves docs/screenshot-incident.png. Then, over a database
// that `sitrep ingest` writes while the page is open, checks that new
// incidents and new claims appear without a reload.
//
// Run from the repository root after `cargo build -p sitrep`:
//   (cd web && npm ci) && node web/e2e/run.mjs
// Environment: SITREP_BIN (default target/debug/sitrep), CHROMIUM
// (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = process.env.SITREP_BIN ?? join(root, 'target', 'debug', 'sitrep');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const fixture = join(here, 'fixture', 'incidents.json');
const screenshot = join(root, 'docs', 'screenshot-incident.png');

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

for (const [what, path] of [['sitrep binary (cargo build -p sitrep)', bin], ['chromium (apt-get install chromium)', browserPath]]) {
  if (!existsSync(path)) {
    console.error(`e2e: no ${what} at ${path}`);
    process.exit(2);
  }
}

/** Starts the server and resolves with its base URL once it listens. */
function startServer(args = ['serve', '--incidents', fixture, '--addr', '127.0.0.1:0']) {
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise((ok, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`sitrep serve did not start in 120 s: ${err}`)), 120_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1].replace(/\/$/, ''));
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`sitrep serve exited with ${code}: ${err}`));
    });
  });
  return { child, url };
}

/** Runs sitrep to its end; rejects with its stderr when it fails. */
function sitrep(args) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(err) : fail(new Error(`sitrep ${args[0]} exited with ${code}: ${err}`))));
  });
}

// Made-up reports for the live checks (no real text): one stored before the
// page opens, one about another attack stored while it is open, and one
// more about the first attack, from another source, which joins it.
const REPORTS = {
  first: [
    'djibo-market.txt',
    'Gunmen on motorbikes stormed the cattle market in Djibo on Sunday and killed seven traders, a local official said. ' +
      'Residents said the attackers set fire to several stalls before leaving.',
  ],
  other: [
    'dori-convoy.txt',
    'Suspected jihadists ambushed a supply convoy near Dori on Monday, killing four soldiers, the army said in a statement.',
  ],
  watched: [
    'kaya-mine.html',
    'Armed men attacked a gold mine near Kaya on Tuesday and killed nine miners, a local official said.',
  ],
  again: [
    'djibo-market-ngo.txt',
    'At least eleven people died when armed men attacked the cattle market in Djibo on Sunday, a humanitarian worker told reporters.',
  ],
};

const expected = JSON.parse(readFileSync(fixture, 'utf8'));
const server = startServer();
const profile = mkdtempSync(join(tmpdir(), 'sitrep-e2e-'));
let context;
try {
  const base = await server.url;
  console.log(`e2e: server at ${base}`);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  // The page must work offline: any request off the server is a failure.
  const offsite = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url());
  });

  const rows = page.locator('table.incidents tr.incident-row');
  const circles = page.locator('svg.map circle.incident');

  await check('the overview shows every incident on the map and in the list', async () => {
    await page.goto(`${base}/`);
    await rows.first().waitFor();
    assert((await rows.count()) === expected.incidents.length, `rows: ${await rows.count()}`);
    assert((await circles.count()) === expected.incidents.length, `circles: ${await circles.count()}`);
    // Only the countries in the frame are drawn: the Sahel and neighbours.
    assert((await page.locator('svg.map .countries path').count()) >= 8, 'country outlines drawn');
    await page.screenshot({ path: join(root, 'docs', 'screenshot-map.png') });
  });

  await check('filtering by country keeps only that country', async () => {
    await page.selectOption('#f-country', 'ML');
    await page.waitForFunction(() => document.querySelectorAll('tr.incident-row').length === 2);
    const places = await page.locator('tr.incident-row td.place').allTextContents();
    assert(places.every((p) => p.includes('Mali')), `places: ${places}`);
    assert((await circles.count()) === 2, `circles: ${await circles.count()}`);
    assert(page.url().includes('country=ML'), `url ${page.url()}`);
  });

  await check('brushing the timeline filters the map', async () => {
    await page.goto(`${base}/#/`);
    await page.waitForFunction(() => document.querySelectorAll('tr.incident-row').length === 4);
    const box = await page.locator('svg.timeline .overlay').boundingBox();
    assert(box, 'timeline drawn');
    // The earliest days only: the Ménaka abduction of 20 February.
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll('svg.map circle.incident').length === 1);
    assert((await rows.count()) === 1, `rows: ${await rows.count()}`);
    assert((await page.locator('#status').textContent()).includes('between'), 'status names the range');
  });

  for (const inc of expected.incidents) {
    await check(`incident ${inc.id}: every claim shows its claimant and figure`, async () => {
      await page.goto(`${base}/#/incident/${inc.id}`);
      await page.locator(`section.incident[data-incident="${inc.id}"]`).waitFor();
      const claimRows = page.locator('table.claims tr.claim');
      const n = await claimRows.count();
      const figures = inc.claims.reduce((k, c) => k + Math.max(1, (c.killed ? 1 : 0) + (c.injured ? 1 : 0)), 0);
      assert(n === figures, `${n} claim rows for ${figures} figures`);
      for (const c of inc.claims) {
        for (const f of [c.killed, c.injured].filter(Boolean)) {
          const row = claimRows.filter({ hasText: c.claimant.name }).filter({ hasText: f.evidence.text });
          assert((await row.count()) === 1, `no row for ${c.claimant.name} / ${f.evidence.text}`);
          assert((await row.locator('td.claimant').textContent()) === c.claimant.name, 'claimant');
          assert((await row.locator('td.figure').textContent()) === String(f.value), `figure of ${c.claimant.name}`);
        }
      }
      const fat = await page.locator('.fatalities').textContent();
      assert(fat.includes(String(inc.fatalities.best ?? '—')), `fatalities box: ${fat}`);
      await page.locator('article.document').first().waitFor();
      const marks = await page.locator('article.document mark.claim-figure').count();
      assert(marks >= 1, 'claimed figures highlighted in the source');
    });
  }

  await check('markup in a document is shown as text, never run', async () => {
    // The filter-then-open path of an analyst: Burkina Faso, then its incident.
    await page.goto(`${base}/#/`);
    await page.selectOption('#f-country', 'BF');
    await page.waitForFunction(() => document.querySelectorAll('tr.incident-row').length === 1);
    await page.locator('tr.incident-row a.open').click();
    const doc = page.locator('article.document[data-doc="djibo-en-1"]');
    await doc.waitFor();
    const text = await doc.locator('.doc-text').textContent();
    assert(text.includes('<script>window.__pwned=1</script>'), 'the script tag is visible as text');
    assert(text.includes('<img src=x onerror="window.__pwned=2">'), 'the img tag is visible as text');
    assert((await doc.locator('script, img, b').count()) === 0, 'no element made from the text');
    assert((await page.evaluate(() => typeof window.__pwned)) === 'undefined', 'window.__pwned is set');
    await page.locator('table.claims tr.claim').first().hover();
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`e2e: screenshot saved to ${screenshot}`);
  });

  await check('a pasted article gets its report', async () => {
    await page.goto(`${base}/#/extract`);
    await page.fill('#article', "Des hommes armés ont attaqué lundi un poste de l'armée malienne près de Gao, tuant cinq soldats, selon une source sécuritaire.");
    await page.fill('#published', '2025-03-12');
    await page.click('form.extract button[type=submit]');
    await page.waitForFunction(() => {
      const r = document.getElementById('report');
      return r && !r.querySelector('.loading') && r.textContent.length > 0;
    });
    assert((await page.locator('#report .error').count()) === 0, await page.locator('#report').textContent());
    assert((await page.locator('#report .meta').textContent()).includes('published 2025-03-12'), 'report shown');
    assert((await page.locator('#report .doc-text').textContent()).includes('Gao'), 'text shown');
  });

  await check('an unknown incident says so', async () => {
    await page.goto(`${base}/#/incident/99999`);
    await page.locator('main .error').waitFor();
    assert((await page.locator('main .error').textContent()).includes('no incident'), 'message');
  });

  await check('the header says the page is live', async () => {
    await page.goto(`${base}/`);
    await page.locator('header .live-status[data-state="live"]').waitFor({ timeout: 10_000 });
  });

  // A database that grows while the page is open, as under `sitrep watch`.
  const work = mkdtempSync(join(tmpdir(), 'sitrep-e2e-live-'));
  const db = join(work, 'live.db');
  const global = ['--data-dir', join(work, 'data')];
  const ingest = async (name) => {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, REPORTS[name][0]), REPORTS[name][1]);
    await sitrep([...global, 'ingest', dir, '--db', db, '--published', '2025-06-03', '--lang', 'en']);
  };
  let liveServer = null;
  const livePage = await context.newPage();
  livePage.on('pageerror', (e) => problems.push(`page error (live): ${e.message}`));
  livePage.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error (live): ${m.text()}`);
  });
  try {
    await check('an incident stored while the page is open appears on it without a reload', async () => {
      await ingest('first');
      liveServer = startServer([...global, 'serve', '--db', db, '--addr', '127.0.0.1:0']);
      const liveBase = await liveServer.url;
      await livePage.goto(`${liveBase}/`);
      const liveRows = livePage.locator('table.incidents tr.incident-row');
      await liveRows.first().waitFor();
      await livePage.locator('header .live-status[data-state="live"]').waitFor({ timeout: 10_000 });
      const before = await liveRows.count();
      assert(before >= 1, `${before} rows before`);
      await livePage.evaluate(() => (window.__samePage = true));
      await ingest('other');
      const stored = Date.now();
      await livePage.waitForFunction((n) => document.querySelectorAll('tr.incident-row').length > n, before, {
        timeout: 3000,
      });
      console.log(`e2e: the new incident was on the page ${Date.now() - stored} ms after the ingest ended`);
      assert(await livePage.evaluate(() => window.__samePage === true), 'the page was reloaded');
      const places = await livePage.locator('tr.incident-row td.place').allTextContents();
      assert(places.some((p) => p.includes('Dori')), `places: ${places}`);
      const dots = await livePage.locator('svg.map circle.incident').count();
      assert(dots === before + 1, `${dots} circles for ${before + 1} incidents`);
      assert((await livePage.locator('#status').textContent()).startsWith(`${before + 1} incident`), 'status counts it');
    });

    await check('an open incident page shows a new report’s claim without a reload', async () => {
      const djibo = livePage.locator('tr.incident-row').filter({ hasText: 'Djibo' }).first();
      await djibo.locator('a.open').click();
      const section = livePage.locator('section.incident');
      await section.waitFor();
      const claimsBefore = await livePage.locator('table.claims tr.claim').count();
      await ingest('again');
      const stored = Date.now();
      await livePage.locator('section.incident .live-note').waitFor({ timeout: 3000 });
      console.log(`e2e: the incident page was redrawn ${Date.now() - stored} ms after the ingest ended`);
      assert(await livePage.evaluate(() => window.__samePage === true), 'the page was reloaded');
      const claims = await livePage.locator('table.claims tr.claim').count();
      assert(claims > claimsBefore, `${claims} claim rows, ${claimsBefore} before`);
      const figures = await livePage.locator('table.claims td.figure').allTextContents();
      assert(figures.includes('11'), `figures: ${figures}`);
      await livePage.locator('article.document[data-doc]').nth(1).waitFor();
    });

    await check('an item published on a watched feed is on the open page soon after the poll', async () => {
      await livePage.goto(`${(await liveServer.url)}/`);
      const rows = livePage.locator('table.incidents tr.incident-row');
      await rows.first().waitFor();
      await livePage.locator('header .live-status[data-state="live"]').waitFor({ timeout: 10_000 });
      const before = await rows.count();
      let polledAt = 0;
      const feedServer = createServer((req, res) => {
        const port = feedServer.address().port;
        if (req.url === '/feed.xml') {
          polledAt = Date.now();
          res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
          res.end(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>' +
              `<item><title>Mine attack</title><link>http://127.0.0.1:${port}/kaya.html</link></item></channel></rss>`,
          );
        } else if (req.url === '/kaya.html') {
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.end(`<html><body><article><p>${REPORTS.watched[1]}</p></article></body></html>`);
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise((ok) => feedServer.listen(0, '127.0.0.1', ok));
      try {
        const feeds = join(work, 'feeds.toml');
        writeFileSync(feeds, `[[feed]]\nurl = "http://127.0.0.1:${feedServer.address().port}/feed.xml"\ninterval = "1s"\n`);
        const watching = sitrep([...global, 'watch', '--feeds', feeds, '--db', db, '--rounds', '1', '--lang', 'en']);
        await livePage.waitForFunction((n) => document.querySelectorAll('tr.incident-row').length > n, before, {
          timeout: 10_000,
        });
        const lag = Date.now() - polledAt;
        console.log(`e2e: the watched item was on the page ${lag} ms after the poll that found it`);
        // The goal is 2 s; this is the debug build beside a browser on a
        // small machine (about 1.1 s here; the release build's median is
        // 0.33 s, docs/PERFORMANCE.md), so a little slack against noise.
        assert(lag <= 3000, `${lag} ms after the poll`);
        await watching;
        const places = await livePage.locator('tr.incident-row td.place').allTextContents();
        assert(places.some((p) => p.includes('Kaya')), `places: ${places}`);
      } finally {
        feedServer.close();
      }
    });
  } finally {
    await livePage.close().catch(() => {});
    liveServer?.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }

  await check('no script error, no request off the server', async () => {
    const notFound = (p) => p.includes('404');
    const real = problems.filter((p) => !notFound(p));
    assert(real.length === 0, real.join('; '));
    assert(offsite.length === 0, offsite.join(', '));
  });
} catch (e) {
  failed++;
  console.log(`FAIL e2e setup: ${e instanceof Error ? e.message : e}`);
} finally {
  await context?.close().catch(() => {});
  server.child.kill('SIGTERM');
  rmSync(profile, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
