// What the public sees around the text, on the bundled site:
// - the root 404.html speaks both languages (hosts serve one 404 for every address);
// - a taxonomy term's toggle leads to the matching term of the other language;
// - the search page's toggle keeps the query, and a search with no results offers the other
//   language's search with the same query;
// - search excerpts keep the page's curly apostrophes and highlight words, not the
//   punctuation after them;
// - the print binder explains [Redacted] and dates its chapters;
// - "Date modified" is on every page and section, in ISO form (as Canada.ca);
// - the department is named in the header and the footer, with terms, privacy and contact links;
// - the favicon is served, and the print link's icon is a drawn printer;
// - an English passage of a French page carries lang="en" (span and block forms: the poster).

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, searchAnswer, siteUrl, sitePath } from './helpers.mjs';

let session;
let page;
before(async () => {
  session = await openPage();
  page = session.page;
});
after(() => session?.browser.close());

async function toggleHref(lang) {
  const href = await page.locator(`.lang-toggle a[hreflang="${lang}"]`).first().getAttribute('href');
  return new URL(href, page.url());
}

describe('the page frame', () => {
  it('serves a bilingual root 404', async () => {
    await page.goto(siteUrl('/404.html'));
    const langs = await page.locator('main [lang]').evaluateAll((els) => els.map((e) => e.lang));
    assert.deepEqual([...new Set(langs)].sort(), ['en', 'fr']);
    const text = await page.locator('main').innerText();
    assert.match(text, /We couldn’t find that page/);
    assert.match(text, /Nous ne pouvons trouver cette page/);
    assert.equal(await page.locator('h1').count(), 1);
    assert.match(await page.title(), / \/ /, 'the title names the page in both languages');
  });

  it('names the department in the header and the footer, with the corporate links', async () => {
    for (const [path, dept, labels] of [
      ['/en/', 'Immigration, Refugees and Citizenship Canada', ['Terms and conditions', 'Privacy', 'Contact us']],
      ['/fr/', 'Immigration, Réfugiés et Citoyenneté Canada', ['Avis', 'Confidentialité', 'Contactez-nous']],
    ]) {
      await page.goto(siteUrl(path));
      assert.equal((await page.locator('header .site-department').innerText()).trim(), dept);
      assert.ok((await page.locator('footer .footer-department').innerText()).includes(dept));
      const links = await page.locator('footer .footer-corporate a').evaluateAll((as) => as.map((a) => [a.textContent, a.href]));
      assert.deepEqual(links.map((l) => l[0]), labels);
      assert.ok(links.every((l) => l[1].startsWith('https://www.canada.ca/')), JSON.stringify(links));
    }
  });

  it('serves the favicon every page names, and draws a printer beside the print link', async () => {
    await page.goto(siteUrl('/en/minister-2021/'));
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const response = await page.request.get(new URL(icon, page.url()).href);
    assert.equal(response.status(), 200);
    assert.equal((await page.request.get(siteUrl('/favicon.ico'))).status(), 200, 'browsers ask for /favicon.ico on their own');
    const svg = page.locator('.print-link svg.print-icon');
    assert.equal(await svg.count(), 1);
    assert.equal(await svg.getAttribute('aria-hidden'), 'true');
  });

  it('shows "Date modified" in ISO form on every page, those without content of their own too', async () => {
    const paths = ['/en/minister-2021/relations/', '/en/minister-2021/', '/fr/ministre-2021/', '/en/',
      '/404.html', '/fr/404.html', '/en/search/', '/fr/recherche/', '/en/topics/', '/fr/sujets/relations-fpt/'];
    for (const path of paths) {
      await page.goto(siteUrl(path));
      const dates = await page.locator('.date-modified dd time').evaluateAll((ts) => ts.map((t) => t.textContent.trim()));
      assert.ok(dates.length > 0, `${path}: no date`);
      for (const d of dates) assert.match(d, /^\d{4}-\d{2}-\d{2}$/, `${path}: ${d}`);
    }
  });
});

describe('language toggle', () => {
  it('leads a term page to the matching term', async () => {
    await page.goto(siteUrl('/en/topics/fpt-relations/'));
    assert.equal((await toggleHref('fr')).pathname, '/fr/sujets/relations-fpt/');
    await page.goto(siteUrl('/fr/sujets/relations-fpt/'));
    assert.equal((await toggleHref('en')).pathname, '/en/topics/fpt-relations/');
  });

  it('keeps the query on the search page, and offers the other language when nothing is found', async () => {
    await page.goto(siteUrl('/en/search/?q=xylophone'));
    const status = await searchAnswer(page, { timeout: 15000 });
    const toggle = await toggleHref('fr');
    assert.equal(toggle.pathname, '/fr/recherche/');
    assert.equal(toggle.searchParams.get('q'), 'xylophone');
    if (/^No results/.test(status)) {
      const other = page.locator('#search-other a');
      assert.ok(await other.isVisible(), 'no suggestion of the French search');
      const href = new URL(await other.getAttribute('href'), page.url());
      assert.equal(href.pathname + href.search, '/fr/recherche/?q=xylophone');
      assert.match(await other.innerText(), /xylophone/);
    } else {
      assert.fail(`“xylophone” should find nothing in English: ${status}`);
    }
    await page.locator('.lang-toggle a[hreflang="fr"]').click();
    await page.waitForURL(/\/fr\/recherche\//);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'xylophone');
    assert.equal(await page.locator('#search-q').inputValue(), 'xylophone');
  });
});

describe('search excerpts', () => {
  it('keep curly apostrophes and highlight no punctuation', async () => {
    await page.goto(siteUrl('/fr/recherche/?q=asile'));
    await searchAnswer(page, { timeout: 15000 });
    const excerpts = await page.locator('#search-results p').evaluateAll((ps) => ps.map((p) => p.innerHTML));
    const all = excerpts.join('\n');
    assert.match(all, /[dl]’/, 'an elision with a curly apostrophe');
    assert.doesNotMatch(all, /\b[dl]'\p{L}/u, 'an elision shown with a straight apostrophe');
    const marks = await page.locator('#search-results mark').evaluateAll((ms) => ms.map((m) => m.textContent));
    assert.ok(marks.length > 0);
    assert.deepEqual(marks.filter((m) => /[^\p{L}\p{N}’']$/u.test(m)), [], 'a highlight ends with punctuation');
  });
});

describe('print binder', () => {
  it('explains [Redacted] and dates each chapter', async () => {
    await page.goto(siteUrl('/en/minister-2021/print/'));
    assert.match(await page.locator('.redaction-notice').innerText(), /Access to Information Act/);
    const dates = await page.locator('.print-chapter .chapter-dates').count();
    const chapters = await page.locator('.print-chapter').count();
    assert.ok(chapters > 0 && dates === chapters, `${dates} dated of ${chapters} chapters`);
  });
});

describe('mixed languages', () => {
  it('marks the English passage of the French poster with lang="en"', async () => {
    await page.goto(siteUrl('/fr/mobilisation-internationale/affiche-mobilisation-internationale/'));
    const passage = page.locator('main [lang="en"]', { hasText: 'Global Forum on Migration' });
    assert.equal(await passage.count(), 1);
    assert.equal(await passage.evaluate((e) => e.hasAttribute('data-pagefind-ignore')), true);
  });
});

it('made no request outside the local server, and none failed', () => {
  assert.deepEqual(session.offsite, []);
  assert.deepEqual(session.failed.filter((f) => !/\/404\.html$/.test(f.from)), []);
});
