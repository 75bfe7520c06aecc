// Shared set-up of the browser tests: where the built site is, how to start Chromium and open
// a page whose every request is checked (a guard that fails on any request leaving the local
// server), and how to list every built page.
//
// The tests expect a built site served on loopback (scripts/browser-test does it all):
//   CAHIER_SITE_URL      e.g. http://127.0.0.1:8123 (the --base-url of the build)
//   CAHIER_SITE_DIR      the output directory of the build, served at CAHIER_SITE_URL
//   CAHIER_SCREENSHOTS   where screenshots go (default target/screenshots)
//   CAHIER_CHROMIUM      the browser (default /usr/bin/chromium)

import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser } from './browser.mjs';

export { launchBrowser, searchAnswer } from './browser.mjs';

const require = createRequire(import.meta.url);

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests with scripts/browser-test`);
  }
  return value;
}

export const SITE_URL = requiredEnv('CAHIER_SITE_URL').replace(/\/+$/, '');
export const SITE_ORIGIN = new URL(SITE_URL).origin;
export const SITE_DIR = resolve(requiredEnv('CAHIER_SITE_DIR'));
// The internal (reviewers') build of the same site, with the parity report at /_parity.html.
export const INTERNAL_URL = (process.env.CAHIER_INTERNAL_URL || '').replace(/\/+$/, '');
export const INTERNAL_DIR = process.env.CAHIER_INTERNAL_DIR ? resolve(process.env.CAHIER_INTERNAL_DIR) : '';
export const SCREENSHOTS = resolve(process.env.CAHIER_SCREENSHOTS || 'target/screenshots');
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 375, height: 812 };

/**
 * A browser context whose every request is checked: anything not for the local server (same
 * origin as CAHIER_SITE_URL, or a data:/blob: URL) is aborted and recorded in `offsite`, with
 * the page that asked for it. Same-site requests that fail (HTTP >= 400, or a network error)
 * are recorded in `failed`.
 */
async function guardedContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  const offsite = [];
  const failed = [];
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = request.url();
    if (isLocal(url)) return route.continue();
    offsite.push({ from: request.frame()?.page()?.url() ?? '?', url });
    return route.abort('blockedbyclient');
  });
  context.on('response', (response) => {
    if (response.status() >= 400 && isLocal(response.url())) {
      failed.push({ from: response.frame()?.page()?.url() ?? '?', url: response.url(), status: response.status() });
    }
  });
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (isLocal(request.url()) && !/ERR_ABORTED|blockedbyclient/i.test(reason)) {
      failed.push({ from: request.frame()?.page()?.url() ?? '?', url: request.url(), status: reason });
    }
  });
  return { context, offsite, failed };
}

/** A page in a new guarded context of `browser`: `{ context, page, offsite, failed }`. */
export async function guardedPage(browser, options = {}) {
  const guard = await guardedContext(browser, options);
  const page = await guard.context.newPage();
  return { ...guard, page };
}

/**
 * Starts Chromium and opens one page in a guarded context, for a test file that follows one
 * visitor: `{ browser, context, page, offsite, failed }`. Closing the browser closes the rest.
 */
export async function openPage(options = {}) {
  const browser = await launchBrowser();
  try {
    return { browser, ...(await guardedPage(browser, options)) };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

export function isLocal(url) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const origin = new URL(url).origin;
    return origin === SITE_ORIGIN || (INTERNAL_URL !== '' && origin === new URL(INTERNAL_URL).origin);
  } catch {
    return false;
  }
}

/** URL of a site path such as "/en/". */
export function siteUrl(path) {
  return SITE_URL + (path.startsWith('/') ? path : '/' + path);
}

/** URL of a path of the internal build. */
export function internalUrl(path) {
  return INTERNAL_URL + (path.startsWith('/') ? path : '/' + path);
}

/** axe-core's WCAG 2.1 A/AA violations on the open page: `[{ rule, impact, help, targets }]`. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const found = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, AXE_TAGS);
  return found;
}

/** Path part of a URL of the site, e.g. "/fr/recherche/". */
export function sitePath(url) {
  const u = new URL(url);
  return u.pathname;
}

/**
 * Every HTML file of the build, as site paths: `index.html` files as their directory
 * ("/en/binders/"), others as themselves ("/en/404.html"). Sorted.
 */
export function listBuiltPages(dir = SITE_DIR) {
  const pages = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (name.endsWith('.html')) {
        const rel = relative(dir, full).split(sep).join('/');
        pages.push('/' + (name === 'index.html' ? rel.slice(0, -'index.html'.length) : rel));
      }
    }
  };
  walk(dir);
  return pages.sort();
}

/** The language a page should declare: its URL prefix; the root pages are in the default language. */
export function expectedLang(path) {
  const m = /^\/(en|fr)\//.exec(path);
  return m ? m[1] : 'en';
}

/** Site paths listed in sitemap.xml. */
export function sitemapPaths(xml) {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => sitePath(m[1].trim()));
}

/** A file-name-safe slug of a site path, for screenshots. */
export function slug(path) {
  const s = path.replace(/^\/|\/$/g, '').replace(/[^A-Za-z0-9.-]+/g, '_');
  return s || 'splash';
}
