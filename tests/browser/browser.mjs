// What every script that drives Chromium shares, and needs no built site: how to start the
// browser, and how to wait for the theme's search page to answer. The browser tests import it
// through helpers.mjs; serve.test.mjs and bench/search-bytes.mjs, which serve their own site,
// import it directly.
//
//   CAHIER_CHROMIUM   the browser (default /usr/bin/chromium)

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
