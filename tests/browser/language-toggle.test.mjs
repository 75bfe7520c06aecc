// The bilingual splash page and the language toggle, followed as a visitor would: by clicking.
// - "/" offers both languages and each button leads to that language's home page;
// - on a translated page the toggle leads to its translation, and back to the same page;
// - on the French-only page the toggle leads to an English page saying it is not available
//   in English, which links back to the original (and whose own toggle does too);
// - on every page of the sitemap, the toggle goes where the sitemap's hreflang says.

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SITE_DIR, openPage, siteUrl, sitePath } from './helpers.mjs';

// A translated chapter and the French-only one of the bundled site.
const TRANSLATED = { en: '/en/minister-2021/relations/', fr: '/fr/ministre-2021/relations-fpt-internationales/' };
const FRENCH_ONLY = '/fr/mobilisation-internationale/programme-4-3/';

/** A UI string of the built-in theme (i18n/<lang>.toml), to compare with what is shown. */
function uiString(lang, key) {
  const toml = readFileSync(new URL(`../../i18n/${lang}.toml`, import.meta.url), 'utf8');
  const m = new RegExp(`^${key}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm').exec(toml);
  assert.ok(m, `i18n/${lang}.toml has no ${key}`);
  return JSON.parse(`"${m[1]}"`);
}

let session; // openPage(): { browser, context, page, offsite, failed }
let page;

before(async () => {
  session = await openPage();
  page = session.page;
});

after(() => session?.browser.close());

async function htmlLang() {
  return page.evaluate(() => document.documentElement.lang);
}

/** Clicks the language toggle's link to `lang` and waits for the page it leads to. */
async function toggleTo(lang) {
  const link = page.locator(`.lang-toggle a[hreflang="${lang}"]`);
  assert.equal(await link.count(), 1, `${sitePath(page.url())}: no language toggle to ${lang}`);
  const before = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== before), link.click()]);
  return sitePath(page.url());
}

describe('splash page', () => {
  it('offers both languages, each in its own language', async () => {
    await page.goto(siteUrl('/'));
    const langs = await page.locator('main a[hreflang]').evaluateAll((as) =>
      as.map((a) => ({ hreflang: a.hreflang, lang: a.closest('[lang]')?.lang, text: a.textContent.trim() })));
    assert.deepEqual(langs.map((l) => l.hreflang).sort(), ['en', 'fr']);
    for (const l of langs) assert.equal(l.lang, l.hreflang, `the ${l.hreflang} button sits in lang="${l.lang}"`);
    assert.deepEqual(langs.map((l) => l.text).sort(), ['English', 'Français']);
  });

  for (const [lang, name] of [['en', 'English'], ['fr', 'Français']]) {
    it(`leads to the ${lang} home page`, async () => {
      await page.goto(siteUrl('/'));
      await Promise.all([page.waitForURL(siteUrl(`/${lang}/`)), page.getByRole('link', { name, exact: true }).click()]);
      assert.equal(await htmlLang(), lang);
      assert.equal(sitePath(page.url()), `/${lang}/`);
    });
  }
});

describe('language toggle on a translated page', () => {
  for (const [from, to] of [['en', 'fr'], ['fr', 'en']]) {
    it(`goes ${from} → ${to} → ${from}, back to the same page`, async () => {
      await page.goto(siteUrl(TRANSLATED[from]));
      assert.equal(await htmlLang(), from);
      const toggle = page.locator(`.lang-toggle a[hreflang="${to}"]`);
      assert.equal(await toggle.getAttribute('lang'), to, 'the toggle link is marked up in its own language');
      assert.equal(await toggle.getAttribute('rel'), 'alternate');
      assert.equal(await toggleTo(to), TRANSLATED[to]);
      assert.equal(await htmlLang(), to);
      assert.equal(await toggleTo(from), TRANSLATED[from]);
      assert.equal(await htmlLang(), from);
    });
  }

  it('lets the keyboard reach and follow the toggle', async () => {
    await page.goto(siteUrl(TRANSLATED.en));
    const toggle = page.locator('.lang-toggle a[hreflang="fr"]');
    for (let i = 0; i < 10 && !(await toggle.evaluate((a) => a === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await toggle.evaluate((a) => a === document.activeElement), 'the toggle is not among the first 10 Tab stops');
    await Promise.all([page.waitForURL(siteUrl(TRANSLATED.fr)), page.keyboard.press('Enter')]);
  });
});

describe('language toggle on the French-only page', () => {
  it('leads to an English notice that links back to the original', async () => {
    await page.goto(siteUrl(FRENCH_ONLY));
    assert.equal(await htmlLang(), 'fr');
    const originalTitle = (await page.locator('h1').textContent()).trim();
    const toggle = page.locator('.lang-toggle a[hreflang="en"]');
    assert.equal(await toggle.getAttribute('rel'), null, 'a toggle to a notice is not rel="alternate"');
    const name = await toggle.evaluate((a) => a.textContent.replace(/\s+/g, ' ').trim());
    assert.ok(name.includes(uiString('en', 'page_not_translated')),
      `the toggle's text tells that the page is not translated: "${name}"`);

    const notice = await toggleTo('en');
    assert.notEqual(notice, FRENCH_ONLY);
    assert.ok(notice.startsWith('/en/'), `the notice is an English page: ${notice}`);
    assert.equal(await htmlLang(), 'en');
    assert.equal((await page.locator('h1').textContent()).trim(), uiString('en', 'missing_translation_title'));
    assert.equal(await page.locator('meta[name="robots"]').getAttribute('content'), 'noindex');

    const back = page.locator('main a[hreflang="fr"]');
    assert.equal(await back.count(), 1, 'the notice links to the original');
    assert.equal(await back.getAttribute('lang'), 'fr', 'the original title is marked up as French');
    assert.ok((await back.textContent()).includes(originalTitle), 'the link names the original page');
    await Promise.all([page.waitForURL(siteUrl(FRENCH_ONLY)), back.click()]);
    assert.equal(await htmlLang(), 'fr');

    await page.goto(siteUrl(notice));
    assert.equal(await toggleTo('fr'), FRENCH_ONLY, "the notice's own toggle leads to the original");
  });
});

describe('language toggle on every page of the sitemap', () => {
  it('leads to the hreflang alternate of the sitemap', async () => {
    const xml = readFileSync(join(SITE_DIR, 'sitemap.xml'), 'utf8');
    const wrong = [];
    let pairs = 0;
    for (const [, entry] of xml.matchAll(/<url>([\s\S]*?)<\/url>/g)) {
      const loc = /<loc>([^<]+)<\/loc>/.exec(entry)[1].trim();
      const self = sitePath(loc);
      const selfLang = /^\/(\w+)\//.exec(self)?.[1];
      const alternates = [...entry.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)]
        .filter(([, lang]) => lang !== selfLang && lang !== 'x-default');
      if (alternates.length === 0) continue;
      await page.goto(loc);
      for (const [, lang, href] of alternates) {
        pairs++;
        const link = page.locator(`.lang-toggle a[hreflang="${lang}"]`);
        const got = (await link.count()) ? new URL(await link.getAttribute('href'), loc).pathname : '(no toggle)';
        if (got !== sitePath(href)) wrong.push(`${self} → ${lang}: toggle ${got}, sitemap ${sitePath(href)}`);
      }
    }
    assert.ok(pairs > 0, 'the sitemap has no hreflang alternates');
    assert.deepEqual(wrong, []);
  });
});

describe('while following the toggles', () => {
  it('made no request outside the local server', () => {
    assert.deepEqual(session.offsite, []);
    assert.deepEqual(session.failed, []);
  });
});
