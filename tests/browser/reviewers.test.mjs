// What reviewers see: the internal build of the bundled site (CAHIER_INTERNAL_URL, built by
// scripts/browser-test with --internal) and the translators' parity report beside it
// (/_parity.html), at desktop and phone width.
// - axe-core finds no WCAG 2.1 A/AA violation on any page of the internal build, nor on the
//   parity report, at either width;
// - every <title> starts with [INTERNAL] / [INTERNE], and the internal banner stays in view
//   once the page is scrolled to its end, and is repeated on every printed page (fixed in print);
// - the page withheld in full carries its banner with its citation in its language, and a
//   marker wherever it is listed (the binder's table of contents, the section's list, the print
//   binder's contents);
// - a front matter redaction (the chapter's description) is highlighted wherever it shows;
// - at 375 px, no redaction highlight or badge spills out of the text column.

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, MOBILE, INTERNAL_DIR, INTERNAL_URL, axeViolations, guardedPage, internalUrl, launchBrowser,
  listBuiltPages,
} from './helpers.mjs';

const enabled = INTERNAL_URL !== '' && INTERNAL_DIR !== '';
const pages = enabled ? listBuiltPages(INTERNAL_DIR) : [];
const WITHHELD_EN = '/en/minister-2021/briefing-fpt-ministers-meeting/';
const WITHHELD_FR = '/fr/ministre-2021/note-information-reunion-ministres-fpt/';
const SECRET = 'regionalization and asylum';

let browser;
before(async () => {
  assert.ok(enabled, 'CAHIER_INTERNAL_URL and CAHIER_INTERNAL_DIR are not set: run scripts/browser-test');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('the internal build', () => {
  for (const viewport of [DESKTOP, MOBILE]) {
    it(`has no axe violation, a marked title and a banner in view on every page at ${viewport.width} px`, async () => {
      const { context, page, offsite, failed } = await guardedPage(browser, { viewport });
      const problems = [];
      for (const path of pages) {
        await page.goto(internalUrl(path), { waitUntil: 'load' });
        for (const v of await axeViolations(page)) problems.push(`${path}: axe ${v.rule} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
        if (path === '/_parity.html') continue;
        const title = await page.title();
        if (!/^\[(INTERNAL|INTERNE)\] /.test(title)) problems.push(`${path}: title not marked: ${title}`);
        const banner = await page.evaluate(() => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          const b = document.querySelector('.internal-banner');
          if (!b) return 'missing';
          const r = b.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight && r.height > 0 ? 'visible' : `out of view (top ${r.top})`;
        });
        if (banner !== 'visible') problems.push(`${path}: internal banner ${banner} after scrolling down`);
        if (viewport === MOBILE) {
          const spill = await page.evaluate(() => {
            const main = document.querySelector('main')?.getBoundingClientRect();
            const out = [];
            for (const el of document.querySelectorAll('mark.redaction, .redaction-badge')) {
              for (const r of el.getClientRects()) {
                if (main && (r.right > main.right + 1 || r.left < main.left - 1)) out.push(`${el.className} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
              }
            }
            return { out, scroll: document.documentElement.scrollWidth };
          });
          if (spill.out.length) problems.push(`${path}: redaction marks spill out of the column: ${spill.out.slice(0, 3).join('; ')}`);
          if (spill.scroll > viewport.width) problems.push(`${path}: scrolls sideways (${spill.scroll} px)`);
        }
      }
      await context.close();
      assert.deepEqual(problems, []);
      assert.deepEqual(offsite, []);
      assert.deepEqual(failed, []);
    });
  }

  it('marks the internal banner to repeat on every printed page', async () => {
    const { context, page } = await guardedPage(browser);
    await page.goto(internalUrl('/en/minister-2021/print/'));
    await page.emulateMedia({ media: 'print' });
    const position = await page.evaluate(() => getComputedStyle(document.querySelector('.internal-banner')).position);
    await context.close();
    assert.equal(position, 'fixed', 'a fixed element prints on every page');
  });

  it('shows the page withheld in full with its banner, in both languages', async () => {
    const { context, page } = await guardedPage(browser);
    for (const [path, text] of [[WITHHELD_EN, 'Withheld in full — s. 21(1)(b)'], [WITHHELD_FR, 'Retenu en entier — al. 21(1)b)']]) {
      await page.goto(internalUrl(path));
      const banner = await page.locator('.withheld-banner').first().innerText();
      assert.ok(banner.includes(text), `${path}: banner “${banner}”`);
      // Right under the heading, before the page's text.
      const order = await page.evaluate(() => {
        const h1 = document.querySelector('h1');
        const b = document.querySelector('.withheld-banner');
        return h1.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after h1' : 'before h1';
      });
      assert.equal(order, 'after h1');
    }
    await context.close();
  });

  it('marks the withheld page wherever it is listed', async () => {
    const { context, page } = await guardedPage(browser);
    const where = {
      '/en/minister-2021/': '.chapter-list li',
      '/en/minister-2021/relations/': '.binder-toc li',
      '/en/minister-2021/print/': '.print-toc li',
      '/fr/ministre-2021/': '.chapter-list li',
    };
    for (const [path, selector] of Object.entries(where)) {
      await page.goto(internalUrl(path));
      const items = await page.locator(selector).evaluateAll((lis) => lis.map((li) => ({
        href: li.querySelector('a')?.getAttribute('href') ?? '',
        marker: li.querySelector('.withheld-marker')?.innerText ?? '',
      })));
      const withheld = items.filter((i) => /briefing|note-information|chapter-2/.test(i.href) || i.marker);
      assert.equal(withheld.length, 1, `${path}: ${JSON.stringify(items)}`);
      assert.match(withheld[0].marker, /Withheld in full|Retenu en entier/, `${path}: ${JSON.stringify(items)}`);
      const others = items.filter((i) => i !== withheld[0]);
      assert.ok(others.every((i) => !i.marker), `${path}: a published page is marked withheld`);
    }
    await context.close();
  });

  it('highlights the front matter redaction wherever the description shows', async () => {
    const { context, page } = await guardedPage(browser);
    let seen = 0;
    for (const path of ['/en/minister-2021/relations/', '/en/minister-2021/', '/en/minister-2021/print/']) {
      await page.goto(internalUrl(path));
      const found = await page.evaluate((secret) => {
        const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        const out = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.textContent.includes(secret)) {
            const mark = n.parentElement.closest('mark.redaction');
            out.push(mark ? mark.querySelector('.redaction-badge')?.innerText ?? 'no badge' : 'unmarked');
          }
        }
        return out;
      }, SECRET);
      assert.ok(found.length > 0, `${path}: the description is not shown`);
      for (const f of found) assert.match(f, /^s\. 14 — /, `${path}: ${f}`);
      seen += found.length;
    }
    assert.ok(seen >= 3);
    await context.close();
  });
});
