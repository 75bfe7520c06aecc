// Every built page of the site, in both languages, at desktop and phone width: axe-core
// (WCAG 2.1 A and AA) finds nothing, <html lang> is the page's language, the skip link is the
// first thing the keyboard reaches and moves focus to <main>, no request leaves the local
// server, nothing the page asks the server for is missing, and every link within the site
// leads somewhere (a page, and the element its #fragment names).
//
// The pages come from walking CAHIER_SITE_DIR for *.html (so the splash page, the 404s, the
// search pages, the "not translated" notices and the print pages are all in), cross-checked
// against sitemap.xml. Each check reports every problem of every page in one message.

import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AXE_PATH, AXE_TAGS, DESKTOP, MOBILE, SITE_DIR, expectedLang, guardedPage, isLocal,
  launchBrowser, listBuiltPages, siteUrl, sitemapPaths, sitePath,
} from './helpers.mjs';

const pages = listBuiltPages();
const LANGUAGES = ['en', 'fr'];
const results = {
  axe: [],          // { page, width, rule, impact, help, targets }
  lang: [],         // { page, width, message }
  skip: [],         // { page, width, message }
  toggle: [],       // { page, message } pages without a way to the other language
  errors: [],       // { page, width, message } uncaught script errors, console errors
  links: [],        // { from, href } links with a missing page or fragment
  reflow: [],       // { page, width, message } horizontal scrolling at phone width
  offsite: [],      // { from, url }
  failed: [],       // { from, url, status }
};
const toggles = new Map();     // site path -> its language toggle's links { lang, path, alternate }
const idsByPath = new Map();   // site path -> Set of ids on that page
const linksToCheck = new Map(); // absolute URL (with fragment) -> first page linking to it

let browser;

before(async () => {
  browser = await launchBrowser();
  for (const viewport of [DESKTOP, MOBILE]) {
    const { context, page, offsite, failed } = await guardedPage(browser, { viewport });
    let current = '';
    page.on('pageerror', (err) => results.errors.push({ page: current, width: viewport.width, message: `uncaught: ${err.message}` }));
    page.on('console', (msg) => {
      // Failed loads are reported by the request checks below, with their URL.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        results.errors.push({ page: current, width: viewport.width, message: `console: ${msg.text()}` });
    });
    for (const path of pages) {
      current = path;
      const response = await page.goto(siteUrl(path), { waitUntil: 'load' });
      if (!response || response.status() >= 400) {
        results.failed.push({ from: path, url: siteUrl(path), status: response?.status() ?? 'no response' });
        continue;
      }
      await checkLang(page, path, viewport.width);
      await checkSkipLink(page, path, viewport.width);
      await runAxe(page, path, viewport.width);
      if (viewport === MOBILE) await checkReflow(page, path, viewport.width);
      if (viewport === DESKTOP) {
        await checkToggle(page, path);
        await collectLinksAndIds(page, path);
      }
    }
    await context.close();
    results.offsite.push(...offsite);
    results.failed.push(...failed);
  }
});

after(async () => {
  await browser?.close();
});

async function checkLang(page, path, width) {
  const { lang, dcterms } = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dcterms: document.querySelector('meta[name="dcterms.language"]')?.content ?? null,
  }));
  const want = expectedLang(path);
  if (lang !== want) {
    results.lang.push({ page: path, width, message: `<html lang="${lang}">, expected "${want}"` });
  }
  const iso3 = { en: 'eng', fr: 'fra' }[want];
  if (dcterms !== null && dcterms !== iso3) {
    results.lang.push({ page: path, width, message: `dcterms.language "${dcterms}", expected "${iso3}"` });
  }
}

// Every page offers the other language: the splash page both, every other page a toggle
// (to the translation, to the "not translated" notice, or at least to the other home page).
async function checkToggle(page, path) {
  const lang = expectedLang(path);
  const selector = path === '/' ? 'main a[hreflang]' : '.lang-toggle a[hreflang]';
  const links = await page.locator(selector).evaluateAll((as) =>
    as.map((a) => ({ lang: a.hreflang, path: new URL(a.href).pathname, alternate: a.relList.contains('alternate') })));
  toggles.set(path, links);
  const got = links.map((l) => l.lang).sort();
  const want = path === '/' ? LANGUAGES : LANGUAGES.filter((l) => l !== lang);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    results.toggle.push({ page: path, message: `links to [${got.join(', ')}], expected [${want.join(', ')}]` });
  }
}

// The first Tab must land on the skip link, whose target is <main>; following it must move
// the focus there. A page without a header (the splash page) may instead start in <main>.
async function checkSkipLink(page, path, width) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const href = el.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
    return {
      tag: el.tagName.toLowerCase(),
      cls: el.className,
      text: (el.textContent || '').trim(),
      href,
      targetTag: target ? target.tagName.toLowerCase() : null,
      inMain: !!el.closest('main'),
      hasHeader: !!document.querySelector('header, [role="banner"]'),
      visible: (() => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < window.innerHeight;
      })(),
    };
  });
  const report = (message) => results.skip.push({ page: path, width, message });
  if (!first) return report('Tab reached nothing');
  const isSkip = first.tag === 'a' && first.href.startsWith('#') && first.targetTag === 'main';
  if (!isSkip) {
    if (!first.hasHeader && first.inMain) return; // nothing to skip (splash page)
    return report(`first focusable is <${first.tag} class="${first.cls}" href="${first.href}"> "${first.text}", not a skip link to <main>`);
  }
  if (!first.visible) report('skip link is not visible when focused');
  await page.keyboard.press('Enter');
  const focusedMain = await page.evaluate(() => {
    const el = document.activeElement;
    return !!el && (el.tagName === 'MAIN' || !!el.closest('main'));
  });
  if (!focusedMain) report('following the skip link does not move the focus into <main>');
}

// WCAG 1.4.10: at 375 CSS px nothing may need horizontal scrolling (wide tables and code
// blocks may scroll inside their own box, so only the page itself is measured).
async function checkReflow(page, path, width) {
  const overflow = await page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth) return null;
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= doc.clientWidth + 1)
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\s+/).join('.') : ''));
    return `page is ${doc.scrollWidth}px wide (viewport ${doc.clientWidth}px): ${culprits.join(', ')}`;
  });
  if (overflow) results.reflow.push({ page: path, width, message: overflow });
}

async function runAxe(page, path, width) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    results.axe.push({
      page: path,
      width,
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? '',
    });
  }
}

async function collectLinksAndIds(page, path) {
  const { ids, hrefs } = await page.evaluate(() => ({
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  }));
  idsByPath.set(path, new Set(ids));
  for (const href of hrefs) {
    if (isLocal(href) && !linksToCheck.has(href)) linksToCheck.set(href, path);
  }
}

function lines(items, format) {
  return items.map((x) => '  ' + format(x)).join('\n');
}

describe('every built page', () => {
  it('lists the pages it checks, including every page of the sitemap', () => {
    assert.ok(pages.length > 0, `no HTML file in ${SITE_DIR}`);
    const required = ['/', '/en/404.html', '/fr/404.html'];
    const sitemap = sitemapPaths(readFileSync(join(SITE_DIR, 'sitemap.xml'), 'utf8'));
    const missing = [...required, ...sitemap].filter((p) => !pages.includes(p));
    assert.deepEqual(missing, [], `pages not built as HTML:\n${missing.join('\n')}`);
    for (const lang of ['en', 'fr']) {
      assert.ok(pages.some((p) => p.startsWith(`/${lang}/`)), `no page in ${lang}`);
    }
    console.log(`checking ${pages.length} pages at ${DESKTOP.width} and ${MOBILE.width} px`);
  });

  it('has no axe-core violation (WCAG 2.1 A/AA)', () => {
    const v = results.axe;
    assert.equal(v.length, 0, `${v.length} violation(s):\n` + lines(v, (x) =>
      `${x.page} @${x.width}px: ${x.rule} (${x.impact}) ${x.help}\n      ${x.targets.join('\n      ')}\n      ${x.summary}`));
  });

  it('declares the page language in <html lang>', () => {
    assert.equal(results.lang.length, 0, lines(results.lang, (x) => `${x.page} @${x.width}px: ${x.message}`));
  });

  it('offers the other language on every page', () => {
    assert.equal(results.toggle.length, 0, lines(results.toggle, (x) => `${x.page}: ${x.message}`));
  });

  it('toggles back to the same page from its translation', () => {
    const wrong = [];
    let followed = 0;
    for (const [path, links] of toggles) {
      if (path === '/') continue;
      for (const link of links.filter((l) => l.alternate)) {
        followed++;
        const back = toggles.get(link.path);
        if (!back) {
          wrong.push(`${path} -> ${link.path}: not a built page`);
          continue;
        }
        const home = back.find((l) => l.lang === expectedLang(path));
        if (home?.path !== path) wrong.push(`${path} -> ${link.path} -> ${home?.path ?? '(no toggle)'}`);
      }
    }
    assert.ok(followed > 0, 'no toggle leads to a translation (rel="alternate")');
    assert.equal(wrong.length, 0, lines(wrong, (x) => x));
  });

  it('starts with a skip link to <main>', () => {
    assert.equal(results.skip.length, 0, lines(results.skip, (x) => `${x.page} @${x.width}px: ${x.message}`));
  });

  it('fits a 375 px screen without horizontal scrolling', () => {
    assert.equal(results.reflow.length, 0, lines(results.reflow, (x) => `${x.page} @${x.width}px: ${x.message}`));
  });

  it('makes no request outside the local server', () => {
    const offsite = [...new Set(results.offsite.map((x) => `${sitePathOr(x.from)} -> ${x.url}`))];
    assert.equal(offsite.length, 0, lines(offsite, (x) => x));
  });

  it('loads every resource it asks for', () => {
    const failed = [...new Set(results.failed.map((x) => `${sitePathOr(x.from)} -> ${x.url} (${x.status})`))];
    assert.equal(failed.length, 0, lines(failed, (x) => x));
  });

  it('runs its scripts without errors', () => {
    assert.equal(results.errors.length, 0, lines(results.errors, (x) => `${x.page} @${x.width}px: ${x.message}`));
  });

  it('links only to pages and anchors that exist', async () => {
    assert.ok(linksToCheck.size > 0, 'no link within the site was found');
    const broken = [];
    const status = new Map();
    for (const [href, from] of linksToCheck) {
      const url = new URL(href);
      const hash = url.hash;
      url.hash = '';
      const target = url.href;
      if (!status.has(target)) {
        const res = await fetch(target, { redirect: 'follow' });
        status.set(target, res.status);
        await res.arrayBuffer();
      }
      if (status.get(target) >= 400) {
        broken.push({ from, href: `${href} (${status.get(target)})` });
        continue;
      }
      if (hash && hash !== '#') {
        const ids = idsByPath.get(sitePath(target));
        const id = decodeURIComponent(hash.slice(1));
        if (ids && !ids.has(id)) broken.push({ from, href: `${href} (no element with id "${id}")` });
      }
    }
    assert.equal(broken.length, 0, lines(broken, (x) => `${x.from} -> ${x.href}`));
  });
});

function sitePathOr(url) {
  try {
    return sitePath(url);
  } catch {
    return url;
  }
}
