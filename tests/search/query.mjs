// Runs Pagefind's own search (pagefind.js and its wasm) against a built bundle, in Node.
// Usage: node query.mjs OUTPUT_DIR BUNDLE_PATH QUERY...   (BUNDLE_PATH like /fr/pagefind/)
// Prints one JSON line per query: {"query": q, "urls": [...], "titles": [...], "subs": [[...]]}
// with the results in rank order; `subs` holds each result's sub-results (heading anchors).
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, bundle, ...queries] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const file = path.join(root, rel);
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200).end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}${bundle}`;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cahier-pagefind-"));
const script = path.join(scratch, "pagefind.js");
fs.copyFileSync(path.join(root, bundle, "pagefind.js"), script);
try {
  const pf = await import(pathToFileURL(script).href);
  await pf.options({ basePath: base, baseUrl: "/" });
  await pf.init();
  for (const q of queries) {
    const search = await pf.search(q);
    const data = await Promise.all(search.results.map((r) => r.data()));
    const subs = data.map((d) => (d.sub_results || []).map((s) => s.url));
    console.log(JSON.stringify({ query: q, urls: data.map((d) => d.url), titles: data.map((d) => d.meta.title), subs }));
  }
} finally {
  server.close();
  fs.rmSync(scratch, { recursive: true, force: true });
}
