// What a visitor downloads for one search, measured in headless Chromium (for bench/search.py).
//
//   node bench/search-bytes.mjs OUT_DIR SEARCH_PATH QUERY...
//
// Serves OUT_DIR on 127.0.0.1 (files as they are on disk, no compression: what is transferred
// when the server does not compress), opens SEARCH_PATH?q=QUERY in a fresh browser context
// (empty cache) for each query, waits until the first page of results is shown and the
// network is quiet, and prints one JSON line per query: the result count, the number of
// results shown, and every response: path, bytes counted by the server, and Playwright's
// response body size (`request.sizes()`), which must agree.
//
// Environment: CAHIER_CHROMIUM (default /usr/bin/chromium). Needs playwright-core (the
// project's `npm ci`).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, searchAnswer } from '../tests/browser/browser.mjs';

const [root, searchPath, ...queries] = process.argv.slice(2);
if (!root || !searchPath || queries.length === 0) {
  console.error('usage: node bench/search-bytes.mjs OUT_DIR SEARCH_PATH QUERY...');
  process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

let served = [];
const base = path.resolve(root);
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(base, rel);
  if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    served.push({ path: rel, status: 404, bytes: 0 });
    res.writeHead(404).end();
    return;
  }
  const body = fs.readFileSync(file);
  served.push({ path: rel, status: 200, bytes: body.length });
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-store',
  });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchBrowser();
try {
  for (const query of queries) {
    served = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    const listen = (r) => responses.push(r);
    page.on('response', listen);
    context.on('response', listen);
    const url = `${origin}${searchPath}?q=${encodeURIComponent(query)}`;
    await page.goto(url);
    const status = await searchAnswer(page, { timeout: 60000 });
    await page.waitForLoadState('networkidle');
    const shown = await page.locator('#search-results > li').count();
    const seen = new Set();
    const browserSizes = [];
    for (const r of responses) {
      if (seen.has(r)) continue;
      seen.add(r);
      const sizes = await r.request().sizes().catch(() => null);
      browserSizes.push({ path: new URL(r.url()).pathname, body: sizes ? sizes.responseBodySize : null });
    }
    console.log(JSON.stringify({ query, status, shown, served, browser: browserSizes }));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
