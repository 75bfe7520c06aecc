// cahier — search page. Uses Pagefind's JS API from this language's bundle; every UI string
// comes from data- attributes set by the template in the page's language. No external request.
(() => {
  "use strict";
  const app = document.getElementById("search-app");
  if (!app) return;
  const t = app.dataset;
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const PAGE = 10;

  let pagefindPromise = null;
  let results = [];
  let shown = 0;
  let generation = 0;
  let labelCount = 0;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(t.bundle + "pagefind.js").then(async (pf) => {
        // cahier indexes each page under its full site path (`/fr/…`): results must not be
        // joined again to the bundle's folder, which Pagefind does by default.
        await pf.options({ baseUrl: "/" });
        await pf.init();
        return pf;
      });
      pagefindPromise.catch(() => { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  // French elisions. The index holds `l’asile` as both `lasile` and `asile`, but Pagefind
  // reads a query `l’asile` as the one word `lasile`, which misses the pages that only say
  // `d’asile`. So, on a French page, each query word loses its elided article or pronoun
  // (straight or curly apostrophe, any case): `l’asile`, `d'asile` and `asile` search alike.
  // A quote or guillemet before the word stays (`"l’asile"` is Pagefind's exact phrase).
  const ELISION = /^([^\p{L}\p{N}]*)(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])['\u2019\u02bc](?=\p{L})/iu;
  const french = /^fr\b/i.test(document.documentElement.lang || "");
  function searchTerms(query) {
    if (!french) return query;
    return query.split(/(\s+)/).map((word) => word.replace(ELISION, "$1")).join("");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }

  // Pagefind excerpts are text with <mark> around the matches: keep only those marks,
  // and insert everything else as text (never as HTML).
  const decoder = document.createElement("textarea");
  function textOf(html) {
    decoder.innerHTML = html; // RCDATA: entities are decoded, tags stay text, nothing runs
    return decoder.value;
  }
  // The index holds French elisions with a straight apostrophe (see src/search/french.rs):
  // excerpts show them as the page writes them, curly. And punctuation that Pagefind counts
  // with the matched word (`asile,`) is not highlighted.
  const STRAIGHT_ELISION = /(^|[^\p{L}])(jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'(?=\p{L})/giu;
  function tidyExcerpt(html) {
    // An entity (`&amp;`, `&#39;`) moves out whole.
    let out = String(html || "").replace(/((?:&#?\w+;|[^\p{L}\p{N}<>&])+)<\/mark>/gu, "</mark>$1");
    if (french) out = out.replace(STRAIGHT_ELISION, "$1$2\u2019");
    return out;
  }
  function excerptNode(html) {
    const p = document.createElement("p");
    const parts = tidyExcerpt(html).split(/(<mark>|<\/mark>)/);
    let inMark = false;
    for (const part of parts) {
      if (part === "<mark>") { inMark = true; continue; }
      if (part === "</mark>") { inMark = false; continue; }
      if (!part) continue;
      const text = document.createTextNode(textOf(part));
      if (inMark) {
        const m = document.createElement("mark");
        m.appendChild(text);
        p.appendChild(m);
      } else {
        p.appendChild(text);
      }
    }
    return p;
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function render(data) {
    const li = document.createElement("li");
    const h = document.createElement("h2");
    h.appendChild(link(data.url, (data.meta && data.meta.title) || data.url));
    li.appendChild(h);
    li.appendChild(excerptNode(data.excerpt));
    const subs = (data.sub_results || []).filter((s) => s.url && s.url !== data.url && s.title).slice(0, 3);
    if (subs.length) {
      const label = document.createElement("p");
      const id = "search-sub-" + (++labelCount);
      label.className = "search-subresults-label";
      label.id = id;
      label.textContent = t.sections;
      const ul = document.createElement("ul");
      ul.className = "search-subresults";
      ul.setAttribute("aria-labelledby", id);
      for (const s of subs) {
        const sli = document.createElement("li");
        sli.appendChild(link(s.url, s.title));
        sli.appendChild(excerptNode(s.excerpt));
        ul.appendChild(sli);
      }
      li.appendChild(label);
      li.appendChild(ul);
    }
    return li;
  }

  async function showMore(gen) {
    const batch = results.slice(shown, shown + PAGE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (gen !== generation) return;
    const first = shown === 0;
    for (const d of data) list.appendChild(render(d));
    shown += batch.length;
    more.hidden = shown >= results.length;
    if (!first) {
      // Move focus to the first new result so keyboard users continue from there.
      const a = list.children[shown - batch.length]?.querySelector("a");
      if (a) a.focus();
    }
  }

  // The language toggle and the other language's search keep the query.
  function followQuery(q) {
    const links = [...document.querySelectorAll(".lang-toggle a"), ...document.querySelectorAll("a.search-other")];
    for (const a of links) {
      const url = new URL(a.href, window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      a.href = url.pathname + url.search;
    }
  }
  const other = document.getElementById("search-other");
  function suggestOther(q) {
    if (!other) return;
    other.hidden = !q;
    const a = other.querySelector("a");
    if (a) a.textContent = fill(a.dataset.template, { query: q });
  }

  async function run(query) {
    const gen = ++generation;
    followQuery(query.trim());
    if (other) other.hidden = true;
    list.replaceChildren();
    more.hidden = true;
    results = [];
    shown = 0;
    const q = query.trim();
    if (!q) { status.textContent = ""; return; }
    status.textContent = t.loading;
    try {
      const pf = await loadPagefind();
      const search = await pf.search(searchTerms(q));
      if (gen !== generation) return;
      results = (search && search.results) || [];
      const n = results.length;
      status.textContent = n === 0
        ? fill(t.none, { query: q })
        : fill(n === 1 ? t.one : t.many, { count: n.toLocaleString(document.documentElement.lang || undefined), query: q });
      if (n === 0) suggestOther(q);
      if (n) await showMore(gen);
    } catch (e) {
      if (gen === generation) status.textContent = t.error;
      console.error(e);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value;
    const url = new URL(window.location.href);
    if (q.trim()) url.searchParams.set("q", q.trim()); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    run(q);
  });
  more.addEventListener("click", () => showMore(generation));

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
