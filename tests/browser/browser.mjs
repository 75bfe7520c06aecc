// What every script that drives Chromium shares, and needs no built site: how to start the
// browser, how to start and stop `cahier serve`, and how to wait for the theme's search page to
// answer. The browser tests import it through helpers.mjs; serve.test.mjs, dashboards.test.mjs
// and bench/search-bytes.mjs, which serve their own site, import it directly.
//
//   CAHIER_CHROMIUM   the browser (default /usr/bin/chromium)

import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

/** Starts headless Chromium (Debian's), with nothing that phones home. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CAHIER_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Waits until the search page open in `page` has answered its query (the status is neither
 * empty nor "Searching…") and, when it found something, until the first result is listed.
 * Returns the status text (the count and the query, "no results", or the error message).
 */
export async function searchAnswer(page, { timeout }) {
  await page.waitForFunction(() => {
    const app = document.getElementById('search-app');
    const status = document.getElementById('search-status')?.textContent ?? '';
    return status !== '' && status !== app.dataset.loading;
  }, null, { timeout });
  const status = await page.locator('#search-status').textContent();
  // The count is announced first; the list fills right after.
  if (/^\d/.test(status)) await page.locator('#search-results > li').first().waitFor({ timeout });
  return status;
}

/**
 * Starts `cahier serve --port 0` on `site` with the binary `bin`, and resolves once its first
 * build is done, with `{ server, url, temp, log() }`: the child, the URL it listens on, the
 * temp folder it builds into and what it has printed so far. An early exit rejects.
 */
export function startServe(bin, site, { timeout = 60_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    let log = '';
    let url;
    let temp;
    const server = spawn(bin, ['--root', site, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`cahier serve exited with ${code}:\n${log}`)));
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      log += chunk;
      url ??= log.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)\//)?.[1];
      temp ??= log.match(/Building into (\S+)/)?.[1];
      if (url && /first build/.test(log)) {
        clearTimeout(timer);
        resolvePromise({ server, url, temp, log: () => log });
      }
    });
    const timer = setTimeout(() => reject(new Error(`no first build after ${timeout / 1000} s:\n${log}`)), timeout);
  });
}

/**
 * Stops a `cahier serve` child as Ctrl-C would, and waits until it has exited (its exit
 * listeners, which fail a test on an early exit, are removed first).
 */
export async function stopServer(server) {
  if (!server || server.exitCode !== null) return;
  server.removeAllListeners('exit');
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGINT');
  await exited;
}
