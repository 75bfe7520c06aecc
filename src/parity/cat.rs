//! Exchange with computer-assisted translation tools: each pair's aligned segments as XLIFF
//! 2.1 (findings as notes), the site's translations as a TMX 1.4 memory, and a translated
//! XLIFF imported back into the target page.
//!
//! Input: the site's pages (stage 1) and, for notes, the parity [`Report`]. A segment is one
//! top-level block's Markdown as written. Redacted passages are never exported in clear: each
//! redaction (marker and text) becomes a placeholder `<ph id="rs1" disp="[15(1)]"/>` (`rs` the
//! source page's n-th redaction, `rt` the target page's), which the import puts back from the
//! page itself. Each unit's `name` says where its target goes in the target page
//! (`t:START-END` replaces that byte range, `i:AT` inserts at that offset), so that the
//! import keeps the page's front matter and everything between blocks byte for byte.
//! Failure: an XLIFF that is not well-formed, or whose target page changed since the export
//! (its hash is in the file's `original`), is refused with a message; I/O errors as `anyhow`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use anyhow::{Context as _, bail};
use quick_xml::events::Event;
use sha2::{Digest, Sha256};

use super::blocks::{self, Block};
use super::groups::{self, How};
use super::{Report, align};
use crate::content::SourcePage;

/// The spans of a page's redactions (marker and text), in order.
fn redactions(body: &str) -> Vec<(Range<usize>, String)> {
    let Ok(pieces) = crate::shortcode::parse(body) else { return Vec::new() };
    pieces
        .into_iter()
        .filter_map(|p| match p {
            crate::shortcode::Piece::Call(c) if c.name == "redact" => {
                let s = c.args.get("s").and_then(|v| v.as_str()).unwrap_or("").to_string();
                Some((c.span, s))
            }
            _ => None,
        })
        .collect()
}

/// Whether a block lies inside a redaction that spans several blocks.
fn kept(range: &Range<usize>, reds: &[(Range<usize>, String)]) -> bool {
    reds.iter().any(|(s, _)| s.start < range.end && range.start < s.end && (s.start < range.start || s.end > range.end))
}

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// A block's Markdown as XML content: text escaped, redactions as placeholders. A block
/// inside a redaction that spans several blocks is the placeholder alone (`kept`: the import
/// leaves it as it is).
fn segment(body: &str, range: Range<usize>, reds: &[(Range<usize>, String)], prefix: &str) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for (k, (span, keys)) in reds.iter().enumerate() {
        if span.end <= range.start || span.start >= range.end {
            continue;
        }
        if span.start < range.start || span.end > range.end {
            return format!("<ph id=\"{prefix}{}\" disp=\"[{}]\" canCopy=\"no\" canDelete=\"no\"/>", k + 1, esc(keys));
        }
        out.push_str(&esc(&body[at..span.start]));
        let _ = write!(out, "<ph id=\"{prefix}{}\" disp=\"[{}]\"/>", k + 1, esc(keys));
        at = span.end;
    }
    out.push_str(&esc(body.get(at..range.end).unwrap_or("")));
    out
}

/// The hash an export records of a target page, to refuse an import into a changed page.
fn page_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// One pair as an XLIFF 2.1 document.
pub fn xliff(source: &SourcePage, target: &SourcePage, report: &Report) -> Result<String, crate::diag::Diagnostic> {
    let (sb, _) = blocks::parse(source)?;
    let (tb, _) = blocks::parse(target)?;
    let rows = align::pages(&sb, &tb, &source.lang, &target.lang);
    let groups = groups::groups(&sb, &tb, &rows);
    let (sr, tr) = (redactions(&source.body), redactions(&target.body));
    let pair = report.pairs.iter().find(|p| p.key == source.key);
    let notes = |s: Option<&Block>, t: Option<&Block>| -> Vec<String> {
        let Some(pair) = pair else { return Vec::new() };
        pair.findings
            .iter()
            .filter(|f| f.dismissed.is_none())
            .filter(|f| {
                s.is_some_and(|b| f.source.as_ref().is_some_and(|l| l.line == b.line))
                    || t.is_some_and(|b| f.target.as_ref().is_some_and(|l| l.line == b.line))
            })
            .map(|f| format!("{} ({}): {}", f.check, f.severity.name(), f.message))
            .collect()
    };
    let file_text = std::fs::read_to_string(&target.abs_path).unwrap_or_default();
    let body_at = file_text.len().saturating_sub(target.body.len());
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">",
        esc(&source.lang),
        esc(&target.lang)
    );
    let _ = writeln!(
        x,
        "<file id=\"f1\" original=\"{}#{}\">",
        esc(&target.path.display().to_string().replace('\\', "/")),
        page_hash(&file_text)
    );
    let mut last_end = 0;
    let mut n = 0;
    for g in &groups {
        if g.source.is_empty() || matches!(g.how, How::Moved) {
            // A block of the target only, or moved: left as it is in the page.
            if let Some(&j) = g.target.last() {
                last_end = last_end.max(tb[j].range.end);
            }
            continue;
        }
        n += 1;
        let (s0, s1) = (sb[g.source[0]].range.start, sb[*g.source.last().unwrap_or(&0)].range.end);
        let (name, target_xml) = match (g.target.first(), g.target.last()) {
            (Some(&a), Some(&b)) => {
                let r = tb[a].range.start..tb[b].range.end;
                last_end = r.end;
                let how = if kept(&r, &tr) { "k" } else { "t" };
                (format!("{how}:{}-{}", r.start + body_at, r.end + body_at), segment(&target.body, r, &tr, "rt"))
            }
            _ => (format!("i:{}", last_end + body_at), String::new()),
        };
        let _ = writeln!(x, "<unit id=\"u{n}\" name=\"{name}\">");
        let ns = notes(sb.get(g.source[0]), g.target.first().map(|&j| &tb[j]));
        if !ns.is_empty() {
            x.push_str("<notes>");
            for note in ns {
                let _ = write!(x, "<note category=\"parity\">{}</note>", esc(&note));
            }
            x.push_str("</notes>\n");
        }
        let state = if target_xml.is_empty() { "initial" } else { "translated" };
        let _ = writeln!(
            x,
            "<segment state=\"{state}\"><source xml:space=\"preserve\">{}</source><target xml:space=\"preserve\">{target_xml}</target></segment>\n</unit>",
            segment(&source.body, s0..s1, &sr, "rs")
        );
    }
    x.push_str("</file>\n</xliff>\n");
    Ok(x)
}

/// The site's translations as a TMX 1.4 memory: one unit per pair of aligned blocks that are
/// both text, redactions as placeholders.
pub fn tmx(pairs: &[(&SourcePage, &SourcePage)], source_lang: &str) -> Result<String, crate::diag::Diagnostic> {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        x,
        "<header creationtool=\"cahier\" creationtoolversion=\"{}\" segtype=\"block\" o-tmf=\"cahier\" adminlang=\"en\" srclang=\"{}\" datatype=\"markdown\"/>\n<body>",
        env!("CARGO_PKG_VERSION"),
        esc(source_lang)
    );
    for (s, t) in pairs {
        let (sb, _) = blocks::parse(s)?;
        let (tb, _) = blocks::parse(t)?;
        let rows = align::pages(&sb, &tb, &s.lang, &t.lang);
        let (sr, tr) = (redactions(&s.body), redactions(&t.body));
        for g in groups::groups(&sb, &tb, &rows).iter().filter(|g| g.how == How::Same) {
            let (i, j) = (g.source[0], g.target[0]);
            if matches!(sb[i].kind, blocks::Kind::Code { .. }) || sb[i].text.is_empty() {
                continue;
            }
            let sr_ = sb[i].range.start..sb[*g.source.last().unwrap_or(&i)].range.end;
            let tr_ = tb[j].range.start..tb[*g.target.last().unwrap_or(&j)].range.end;
            let _ = writeln!(
                x,
                "<tu><prop type=\"x-page\">{}</prop><tuv xml:lang=\"{}\"><seg>{}</seg></tuv><tuv xml:lang=\"{}\"><seg>{}</seg></tuv></tu>",
                esc(&s.key),
                esc(&s.lang),
                segment(&s.body, sr_, &sr, "rs"),
                esc(&t.lang),
                segment(&t.body, tr_, &tr, "rt")
            );
        }
    }
    x.push_str("</body>\n</tmx>\n");
    Ok(x)
}

/// The target page's path and, per unit name, the translated text read from an XLIFF (with
/// each placeholder as its id, `\u{1}rs1\u{2}`).
fn read_xliff(xml: &str) -> anyhow::Result<(String, BTreeMap<String, String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut original, mut unit, mut in_target) = (String::new(), String::new(), false);
    let mut out = BTreeMap::new();
    let mut text = String::new();
    loop {
        let event = reader
            .read_event()
            .with_context(|| format!("the XLIFF is not well-formed near byte {}", reader.buffer_position()))?;
        let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> String {
            e.try_get_attribute(name)
                .ok()
                .flatten()
                .and_then(|a| a.unescape_value().ok())
                .map(|v| v.into_owned())
                .unwrap_or_default()
        };
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"file" => original = attr(&e, "original"),
            Event::Start(e) if e.local_name().as_ref() == b"unit" => unit = attr(&e, "name"),
            Event::Start(e) if e.local_name().as_ref() == b"target" => {
                in_target = true;
                text.clear();
            }
            Event::Empty(e) if in_target && e.local_name().as_ref() == b"ph" => {
                let _ = write!(text, "\u{1}{}\u{2}", attr(&e, "id"));
            }
            Event::Text(t) if in_target => text.push_str(&t.xml_content().context("bad text in the XLIFF")?),
            Event::GeneralRef(r) if in_target => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let ch = match name.as_str() {
                    "amp" => "&".to_string(),
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    _ => r.resolve_char_ref().ok().flatten().map(String::from).unwrap_or_default(),
                };
                text.push_str(&ch);
            }
            Event::End(e) if e.local_name().as_ref() == b"target" => {
                in_target = false;
                out.insert(unit.clone(), std::mem::take(&mut text));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((original, out))
}

/// The target page an XLIFF names (its path in the site).
pub fn target_of(xml: &str) -> anyhow::Result<String> {
    let (original, _) = read_xliff(xml)?;
    Ok(original.rsplit_once('#').map_or(original.clone(), |(p, _)| p.to_string()))
}

/// Writes a translated XLIFF into its target page (under `root`): each unit's target replaces
/// the block it came from, or is inserted where its source block stands; the front matter and
/// the text between blocks are kept. Returns the page's path.
pub fn import(root: &std::path::Path, xml: &str, source: &SourcePage) -> anyhow::Result<std::path::PathBuf> {
    let (original, units) = read_xliff(xml)?;
    let (path, hash) = original.rsplit_once('#').context("the XLIFF's <file original> names no page")?;
    if path.contains("..") || std::path::Path::new(path).is_absolute() {
        bail!("the XLIFF names a page outside the site: {path}");
    }
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
    if page_hash(&text) != hash {
        bail!("{path} changed since the XLIFF was exported: export it again, then translate");
    }
    let body_at = text.len() - text.len().min(crate::content::front_matter::split(&text).map_or(0, |s| s.body.len()));
    let (sr, tr) = (redactions(&source.body), redactions(&text[body_at..]));
    let put_back = |t: &str| -> anyhow::Result<String> {
        let mut out = String::new();
        let mut rest = t;
        while let Some(k) = rest.find('\u{1}') {
            out.push_str(&rest[..k]);
            let end = rest[k..].find('\u{2}').context("a broken placeholder")? + k;
            let id = &rest[k + 1..end];
            let (list, body, n) = match id.split_at(2.min(id.len())) {
                ("rs", n) => (&sr, source.body.as_str(), n),
                ("rt", n) => (&tr, &text[body_at..], n),
                _ => bail!("unknown placeholder `{id}` in the XLIFF"),
            };
            let n: usize = n.parse().with_context(|| format!("unknown placeholder `{id}`"))?;
            let (span, _) = list.get(n.wrapping_sub(1)).with_context(|| format!("no redaction `{id}` in the page"))?;
            out.push_str(&body[span.clone()]);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    };
    // Edits from the end of the page to its start, so that offsets stay right.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (name, t) in &units {
        let t = put_back(t)?;
        if let Some(r) = name.strip_prefix("t:") {
            let (a, b) = r.split_once('-').context("a bad unit name")?;
            edits.push((a.parse()?, b.parse()?, t));
        } else if let Some(at) = name.strip_prefix("i:") {
            if !t.trim().is_empty() {
                let at: usize = at.parse()?;
                edits.push((at, at, format!("\n\n{}", t.trim())));
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let mut out = text.clone();
    for (a, b, t) in edits {
        if a > b || b > out.len() || !out.is_char_boundary(a) || !out.is_char_boundary(b) || a < body_at {
            bail!("the XLIFF does not match {path}: export it again");
        }
        out.replace_range(a..b, &t);
    }
    std::fs::write(&file, out).with_context(|| format!("cannot write {}", file.display()))?;
    Ok(file)
}
