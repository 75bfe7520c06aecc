// The reviewers' dashboards of `cahier serve` (/_cahier/) on a copy of the bundled site, at
// desktop and phone width: styled like the theme, one h1, no sideways scrolling, no axe
// violation; each row of the redaction log links to its page and to its source line; and the
// build-error overlay speaks the page's language.
//
// Self-contained like serve.test.mjs: copies site/ to a temp folder and starts
// `cahier serve --port 0` on it (CAHIER_BIN, default debug/cahier below $CARGO_TARGET_DIR or
// target/).

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AXE_PATH, AXE_TAGS, DESKTOP, MOBILE } from './helpers.mjs';
import { launchBrowser, startServe, stopServer } from './browser.mjs';

const repo = resolve(import.meta.dirname, '..', '..');
const bin = process.env.CAHIER_BIN || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug', 'cahier');
const work = mkdtempSync(join(tmpdir(), 'cahier-dashboards-'));
const site = join(work, 'site');
const frenchPage = join(site, 'content', 'minister-2021', 'relations.fr.md');

let server;
let url;
let browser;

before(async () => {
  assert.ok(existsSync(bin), `${bin} is missing: run cargo build first`);
  cpSync(join(repo, 'site'), site, { recursive: true });
  ({ server, url } = await startServe(bin, site));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  rmSync(work, { recursive: true, force: true });
});

describe('the dashboards', () => {
  for (const viewport of [DESKTOP, MOBILE]) {
    it(`are styled, with one h1, no sideways scrolling and no axe violation at ${viewport.width} px`, async () => {
      const tab = await browser.newPage({ viewport });
      const problems = [];
      for (const path of ['/_cahier/', '/_cahier/redactions', '/_cahier/parity', '/_cahier/source/content/minister-2021/relations.md']) {
        await tab.goto(url + path, { waitUntil: 'load' });
        const facts = await tab.evaluate(() => ({
          h1: document.querySelectorAll('h1').length,
          scroll: document.documentElement.scrollWidth,
          styled: getComputedStyle(document.querySelector('.site-header') ?? document.body).backgroundColor,
          title: document.title,
        }));
        if (facts.h1 !== 1) problems.push(`${path}: ${facts.h1} h1`);
        if (facts.scroll > viewport.width) problems.push(`${path}: ${facts.scroll} px wide`);
        if (facts.styled === 'rgba(0, 0, 0, 0)') problems.push(`${path}: no theme header`);
        if (!facts.title.startsWith('[INTERNAL]')) problems.push(`${path}: title ${facts.title}`);
        await tab.addScriptTag({ path: AXE_PATH });
        const violations = await tab.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } }))
          .violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), AXE_TAGS);
        for (const v of violations) problems.push(`${path}: ${v}`);
      }
      await tab.close();
      assert.deepEqual(problems, []);
    });
  }

  it('links each redaction to its page and its source line', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${url}/_cahier/redactions`);
    const rows = await tab.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
      const [page, , source] = tr.querySelectorAll('td');
      return { page: page.querySelector('a')?.getAttribute('href'), source: source.querySelector('a')?.getAttribute('href'), text: source.textContent };
    }));
    assert.ok(rows.length > 3, JSON.stringify(rows));
    for (const r of rows) {
      assert.match(r.page ?? '', /^\/(en|fr)\//, JSON.stringify(r));
      assert.match(r.source ?? '', /^\/_cahier\/source\/content\/.+\.md#L\d+$/, JSON.stringify(r));
      assert.match(r.text, /^content\/.+\.md:\d+$/);
    }
    const row = rows.find((r) => r.text.startsWith('content/minister-2021/relations.md:3'));
    assert.ok(row, 'the description redaction of the 2021 chapter (line 3)');
    assert.equal((await tab.request.get(url + row.page)).status(), 200);
    await tab.goto(url + row.source);
    assert.match(await tab.locator('#L3').innerText(), /redact\(s="14"\)/);
    assert.equal((await tab.request.get(`${url}/_cahier/source/config.toml`)).status(), 404, 'only files the log names');
    await tab.close();
  });

  it('shows the error overlay in the page’s language', async () => {
    const original = readFileSync(frenchPage, 'utf8');
    const tab = await browser.newPage();
    try {
      await tab.goto(`${url}/fr/ministre-2021/relations-fpt-internationales/`);
      await tab.waitForTimeout(300);
      writeFileSync(frenchPage, original.replace('+++\n', '+++\nweight = "lourd"\n'));
      const overlay = tab.locator('#cahier-error-overlay[role="alert"]');
      await overlay.waitFor({ timeout: 15_000 });
      assert.equal(await overlay.getAttribute('lang'), 'fr');
      assert.match(await overlay.locator('h2').innerText(), /La génération a échoué/);
      assert.equal(await overlay.locator('button').innerText(), 'Masquer');
    } finally {
      writeFileSync(frenchPage, original);
      await tab.close();
    }
  });
});
