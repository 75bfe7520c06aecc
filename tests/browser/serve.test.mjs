// `cahier serve` in a real browser: live reload keeps the scroll position, a broken build
// shows the error overlay over the last good page, and fixing it reloads the page.
//
// Self-contained: copies tests/fixtures/basic to a temp folder, starts
// `cahier serve --port 0` on it (CAHIER_BIN, default debug/cahier below $CARGO_TARGET_DIR or
// target/), reads the URL it prints, and drives Debian's headless Chromium (CAHIER_CHROMIUM). Run it alone with
// scripts/serve-browser-test; scripts/browser-test runs it with the other browser tests.

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, startServe, stopServer } from './browser.mjs';

const repo = resolve(import.meta.dirname, '..', '..');
const bin = process.env.CAHIER_BIN || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug', 'cahier');
const work = mkdtempSync(join(tmpdir(), 'cahier-serve-browser-'));
const site = join(work, 'site');
const page = join(site, 'content', 'docs', 'second.md');
const filler = Array.from({ length: 60 }, (_, i) => `Filler paragraph ${i + 1}, so that the page scrolls.`).join('\n\n');

let server;
let url;
let temp;
let log = () => '';
let browser;

before(async () => {
  assert.ok(existsSync(bin), `${bin} is missing: run cargo build first`);
  cpSync(join(repo, 'tests', 'fixtures', 'basic'), site, { recursive: true });
  writeFileSync(page, readFileSync(page, 'utf8') + `\n${filler}\n`);
  ({ server, url, temp, log } = await startServe(bin, site, { timeout: 30_000 }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    await stopServer(server);
    assert.ok(temp, `serve names the temp folder it builds into:\n${log()}`);
    assert.ok(!existsSync(temp), `Ctrl-C removes the temp folder ${temp}`);
  }
  rmSync(work, { recursive: true, force: true });
});

describe('cahier serve', () => {
  it('reloads on edit, keeps the scroll position, shows and clears the error overlay', async () => {
    const original = readFileSync(page, 'utf8');
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${url}/docs/second/`);
    assert.match(await tab.textContent('body'), /Filler paragraph 60/);
    await tab.evaluate(() => window.scrollTo(0, 600));
    // The event stream is open once the script has had its first message.
    await tab.waitForTimeout(300);

    writeFileSync(page, original.replace('Text.', 'Text, edited live.'));
    await tab.waitForFunction(() => document.body.textContent.includes('Text, edited live.'), null, { timeout: 15_000 });
    await tab.waitForFunction(() => Math.abs(window.scrollY - 600) < 2, null, { timeout: 5_000 });

    writeFileSync(page, original.replace('+++\n', '+++\nweight = "heavy"\n'));
    const overlay = tab.locator('#cahier-error-overlay[role="alert"] pre');
    await overlay.waitFor({ timeout: 15_000 });
    assert.match(await overlay.textContent(), /content\/docs\/second\.md:2:10: error: invalid front matter/);
    assert.match(await tab.textContent('main, body'), /Text, edited live\./, 'the last good build stays under the overlay');

    writeFileSync(page, original.replace('Text.', 'Text, fixed.'));
    await tab.waitForFunction(() => document.body.textContent.includes('Text, fixed.'), null, { timeout: 15_000 });
    assert.equal(await tab.locator('#cahier-error-overlay').count(), 0, 'the overlay is gone after a good build');
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it('a page opened while the build is broken shows the overlay at once', async () => {
    const original = readFileSync(page, 'utf8');
    writeFileSync(page, '+++\ntitle = "Broken"\n');
    const tab = await browser.newPage();
    try {
      await tab.waitForTimeout(1_000);
      await tab.goto(`${url}/docs/first/`);
      await tab.locator('#cahier-error-overlay pre').waitFor({ timeout: 15_000 });
      assert.match(await tab.locator('#cahier-error-overlay pre').textContent(), /second\.md:1:1: error: unterminated front matter/);
    } finally {
      writeFileSync(page, original);
      await tab.close();
    }
  });
});
