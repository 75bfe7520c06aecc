// Search on the bundled site, as a reader types: the French search page finds `réfugiés` with
// or without accents and `l’asile` with or without its elision (and the pages that only say
// `d’asile`), the English one finds `refugee`, and a word that only appears inside a redacted
// passage finds nothing on the public site.

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, searchAnswer, siteUrl, sitePath } from './helpers.mjs';

let session; // openPage(): { browser, context, page, offsite, failed }

before(async () => {
  session = await openPage();
});

after(() => session?.browser.close());

/** Searches from a search page's address (`?q=`) and returns the result pages and text. */
async function search(searchPath, query) {
  const { page } = session;
  await page.goto(siteUrl(`${searchPath}?q=${encodeURIComponent(query)}`));
  const status = await searchAnswer(page, { timeout: 15000 });
  const pages = await page.locator('#search-results > li a').evaluateAll((as) => as.map((a) => a.href));
  const text = await page.locator('#search-results').textContent();
  return { status, pages: [...new Set(pages.map((h) => sitePath(h.split('#')[0])))], text };
}

const FR_CHAPTER_2021 = '/fr/ministre-2021/relations-fpt-internationales/';
// Says `d’asile` twice and never `l’asile` (site/content/international/program-4-3.fr.md).
const FR_ONLY_D_ASILE = '/fr/mobilisation-internationale/programme-4-3/';

describe('French search page', () => {
  for (const query of ['réfugiés', 'refugies', 'REFUGIES']) {
    it(`finds ${query}`, async () => {
      const r = await search('/fr/recherche/', query);
      assert.ok(r.pages.includes(FR_CHAPTER_2021), `${query}: ${r.status} ${JSON.stringify(r.pages)}`);
      assert.ok(r.pages.every((p) => p.startsWith('/fr/')), `only French pages: ${JSON.stringify(r.pages)}`);
    });
  }

  for (const query of ['l’asile', "l'asile", 'asile']) {
    it(`finds ${query}`, async () => {
      const r = await search('/fr/recherche/', query);
      assert.ok(r.pages.includes(FR_CHAPTER_2021), `${query}: ${r.status} ${JSON.stringify(r.pages)}`);
    });
  }

  // Regression: Pagefind reads the query `l’asile` as one word (`lasile`), so it missed the
  // pages that only say `d’asile`, like program 4.3. The search page drops the elision from
  // each query word, so every elided form finds what `asile` finds.
  for (const query of ['l’asile', "L'asile", 'd’asile', 'asile']) {
    it(`finds the page that only says d’asile with ${query}`, async () => {
      const r = await search('/fr/recherche/', query);
      assert.ok(r.pages.includes(FR_ONLY_D_ASILE), `${query}: ${r.status} ${JSON.stringify(r.pages)}`);
    });
  }

  it('shows the query as typed, elision included', async () => {
    const r = await search('/fr/recherche/', 'l’asile');
    assert.match(r.status, /l’asile/);
  });
});

describe('English search page', () => {
  it('finds refugee', async () => {
    const r = await search('/en/search/', 'refugee');
    assert.ok(r.pages.includes('/en/deputy-minister-2022/migration-protection-diplomacy/'), `${r.status} ${JSON.stringify(r.pages)}`);
    assert.ok(r.pages.every((p) => p.startsWith('/en/')), `only English pages: ${JSON.stringify(r.pages)}`);
  });
});

describe('redacted text', () => {
  // "Hong Kong, Afghanistan" is redacted in the 2021 chapter, in both languages, and written
  // nowhere else. Pagefind answers an unknown word with pages matching a shorter prefix of it,
  // so what must hold is that no result shows the word, not that the list is empty. The search
  // must have answered (its status repeats the query), or an empty list would prove nothing.
  for (const [path, query] of [['/en/search/', 'Afghanistan'], ['/fr/recherche/', 'Afghanistan']]) {
    it(`finds nothing for ${query} on ${path}`, async () => {
      const r = await search(path, query);
      assert.ok(r.status.includes(query), `${path}: the search did not answer: ${r.status}`);
      assert.ok(!/afghan/i.test(r.text), `${path}: a result shows the redacted word: ${r.text}`);
    });
  }

  it('made no request outside the local server', () => {
    assert.deepEqual(session.offsite, []);
  });
});
