"""Read a Pagefind bundle's files, for bench/search.py (Python 3 standard library only).

What a visitor's browser fetches for one query, from Pagefind 1.x's file layout:
  pagefind.js                     the search API (plain JavaScript)
  pagefind-worker.js              the web worker that runs the search (plain JavaScript)
  wasm.{lang}.pagefind            the search code for the language (gzipped by Pagefind)
  pagefind-entry.json             the languages and the hash of each one's meta file (plain)
  pagefind.{lang}_{hash}.pf_meta  the meta index: pages, and the word range of each index chunk
  index/{lang}_{hash}.pf_index    one chunk of the word index, by word range
  filter/{lang}_{hash}.pf_filter  the filters (only when a search filters)
  fragment/{lang}_{hash}.pf_fragment  one page's title, URL, text and metadata, per result shown
Every .pf_* and .pagefind file is gzip of `pagefind_dcd` followed by CBOR.
"""

from __future__ import annotations

import gzip
import json
import statistics
import struct
import unicodedata
from pathlib import Path


def kind_of(rel: str) -> str:
    """The kind of a bundle file, from its path inside the bundle."""
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith("index/"):
        return "index"
    if rel.startswith("fragment/"):
        return "fragment"
    if rel.startswith("filter/"):
        return "filter"
    if name.endswith(".pf_meta"):
        return "meta"
    if name.startswith("wasm."):
        return "wasm"
    if name == "pagefind-entry.json":
        return "entry"
    if name == "pagefind.js":
        return "js"
    if name == "pagefind-worker.js":
        return "worker"
    return "other"


def decode(path: Path):
    """The CBOR value of a Pagefind .pf_* file."""
    data = gzip.decompress(path.read_bytes())
    if data.startswith(b"pagefind_dcd"):
        data = data[len(b"pagefind_dcd"):]
    value, _ = _cbor(data, 0)
    return value


def _cbor(b: bytes, i: int):
    head = b[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(b[i:i + size], "big")
        if major == 7 and info in (25, 26, 27):
            fmt = {25: ">e", 26: ">f", 27: ">d"}[info]
            return struct.unpack(fmt, b[i:i + size])[0], i + size
        i += size
    elif info == 31:
        arg = None  # indefinite length
    else:
        raise ValueError(f"unsupported CBOR head {head:#x} at {i - 1}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        if arg is None:
            parts = []
            while b[i] != 0xFF:
                part, i = _cbor(b, i)
                parts.append(part)
            joined = b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)
            return (joined if major == 2 else joined.decode()), i + 1
        raw = b[i:i + arg]
        return (raw if major == 2 else raw.decode("utf-8")), i + arg
    if major == 4:
        out = []
        if arg is None:
            while b[i] != 0xFF:
                v, i = _cbor(b, i)
                out.append(v)
            return out, i + 1
        for _ in range(arg):
            v, i = _cbor(b, i)
            out.append(v)
        return out, i
    if major == 5:
        out = {}
        n = arg
        while (n is None and b[i] != 0xFF) or (n is not None and len(out) < n):
            k, i = _cbor(b, i)
            v, i = _cbor(b, i)
            out[k if not isinstance(k, list) else tuple(k)] = v
        return out, (i + 1 if n is None else i)
    if major == 6:
        return _cbor(b, i)  # tag: the value
    if major == 7:
        return {20: False, 21: True, 22: None}.get(info), i
    raise ValueError(f"bad CBOR major type {major}")


def meta_of(bundle: Path, lang: str) -> tuple[Path, list]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    info = entry["languages"][lang]
    meta = bundle / f"pagefind.{info['hash']}.pf_meta"
    return meta, decode(meta)


def chunks_of(meta) -> list[tuple[str, str, str]]:
    """The index chunks `(from, to, hash)` listed in a decoded meta file."""
    for part in meta if isinstance(meta, list) else []:
        if (isinstance(part, list) and part and isinstance(part[0], list) and len(part[0]) == 3
                and all(isinstance(x, str) for x in part[0])):
            return [tuple(c) for c in part]
    raise ValueError("no index chunk list in the meta file")


def bundle_stats(bundle: Path) -> dict:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    chunks = [p.stat().st_size for p in files if p.parent.name == "index"]
    frags = [p.stat().st_size for p in files if p.parent.name == "fragment"]
    # The plain-text files a compressing server would gzip (Pagefind gzips the others itself).
    plain_gzip = {name: len(gzip.compress((bundle / name).read_bytes(), compresslevel=6, mtime=0))
                  for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")}
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "chunks": len(chunks),
            "median_chunk": statistics.median(chunks) if chunks else 0,
            "median_fragment": statistics.median(frags) if frags else 0, "plain_gzip": plain_gzip}


def normalize(word: str) -> str:
    """Lowercase, without diacritics: how Pagefind 1.x keys its words (stems aside)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c))


def estimate(bundle: Path, lang: str, query: str, results: int) -> dict:
    """The bytes one query costs, from the bundle's files: the fixed files, the chunk(s) whose
    word range holds the query's word (unstemmed: the stem sorts at or before the word, so the
    chunk of the word or the one before), and the median fragment times the results shown
    first, at most 5 (Pagefind's default UI) or 10 (cahier's search page)."""
    size = lambda p: p.stat().st_size  # noqa: E731
    wasm = bundle / f"wasm.{lang}.pagefind"
    if not wasm.exists():
        wasm = bundle / "wasm.unknown.pagefind"
    meta_path, meta = meta_of(bundle, lang)
    fixed = sum(size(p) for p in (bundle / "pagefind.js", bundle / "pagefind-worker.js", wasm,
                                  bundle / "pagefind-entry.json", meta_path))
    word = normalize(query)
    chunks = chunks_of(meta)
    hit = [c for c in chunks if c[0] <= word <= c[1]] or [c for c in chunks if c[0] <= word][-1:]
    index = sum(size(bundle / "index" / f"{h}.pf_index") for _, _, h in hit)
    frag = bundle_stats(bundle)["median_fragment"]
    return {"fixed": fixed, "index": index, "chunks": len(hit),
            "five": fixed + index + min(5, results) * frag, "ten": fixed + index + min(10, results) * frag}
