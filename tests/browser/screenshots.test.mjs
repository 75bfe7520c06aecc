// Full-page screenshots of one page of each kind, in both languages, at desktop (1280 px) and
// phone (375 px) width, into CAHIER_SCREENSHOTS (default target/screenshots/), for a person to
// look at. Named <page>@<width>.png, e.g. en_minister-2021_relations@375.png.

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DESKTOP, MOBILE, SCREENSHOTS, SITE_DIR, guardedPage, launchBrowser, listBuiltPages, siteUrl, slug,
} from './helpers.mjs';

// One of each template; pages missing from a site's build are skipped (listed in the output).
const WANTED = [
  '/',
  '/en/', '/fr/',
  '/en/minister-2021/', '/fr/ministre-2021/',
  '/en/minister-2021/relations/', '/fr/ministre-2021/relations-fpt-internationales/',
  '/fr/mobilisation-internationale/programme-4-3/',
  '/en/not-translated/mobilisation-internationale/programme-4-3/',
  '/en/minister-2021/print/', '/fr/ministre-2021/imprimer/',
  '/en/topics/', '/fr/sujets/',
  '/en/search/', '/fr/recherche/',
  '/en/404.html', '/fr/404.html',
];

let browser;

before(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

describe('screenshots', () => {
  const built = new Set(listBuiltPages(SITE_DIR));
  const pages = WANTED.filter((p) => built.has(p));
  const missing = WANTED.filter((p) => !built.has(p));
  if (missing.length) console.log(`not in this build, no screenshot: ${missing.join(' ')}`);

  for (const viewport of [DESKTOP, MOBILE]) {
    it(`at ${viewport.width} px`, async () => {
      const { context, page, offsite } = await guardedPage(browser, { viewport });
      for (const path of pages) {
        await page.goto(siteUrl(path), { waitUntil: 'load' });
        const file = join(SCREENSHOTS, `${slug(path)}@${viewport.width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(existsSync(file) && statSync(file).size > 0, `no screenshot ${file}`);
      }
      // The skip link, as a keyboard user first sees it.
      await page.goto(siteUrl(pages.find((p) => p.startsWith('/en/')) ?? '/'));
      await page.keyboard.press('Tab');
      await page.screenshot({ path: join(SCREENSHOTS, `skip-link-focused@${viewport.width}.png`) });
      await context.close();
      assert.deepEqual(offsite, []);
    });
  }

  it('saved them', () => {
    assert.ok(pages.length > 0, `none of the pages to screenshot is in this build: ${missing.join(' ')}`);
    const files = [DESKTOP, MOBILE].flatMap((v) =>
      [...pages.map((p) => `${slug(p)}@${v.width}.png`), `skip-link-focused@${v.width}.png`]);
    const absent = files.filter((f) => !existsSync(join(SCREENSHOTS, f)) || statSync(join(SCREENSHOTS, f)).size === 0);
    assert.deepEqual(absent, [], 'screenshots not saved');
    console.log(`${files.length} screenshots in ${SCREENSHOTS}`);
  });
});
