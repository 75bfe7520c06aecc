//! The structural checks of an aligned pair: headings, block structure, tables, links,
//! images, code, numbers, redactions and length.
//!
//! Input: both pages' blocks and their alignment rows. Output: [`Finding`]s. Never fails.

use std::collections::HashSet;

use super::blocks::{Block, Kind};
use super::code;
use super::groups::{self, How};
use super::numbers::{self, Number};
use super::pair::{Context, Make};
use super::{Finding, Severity};

/// Runs the structural checks on every row of an alignment.
pub(super) fn compare(
    ctx: &Context<'_>,
    make: &Make<'_>,
    sb: &[Block],
    tb: &[Block],
    rows: &[(Option<usize>, Option<usize>)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    let groups = groups::groups(sb, tb, rows);
    // Inside a section whose heading has no counterpart, its blocks are not reported again.
    let gone = |blocks: &[Block], source: bool| -> Vec<bool> {
        let mut alone = vec![false; blocks.len()];
        for g in groups.iter().filter(|g| g.how == How::Alone) {
            let side = if source { &g.source } else { &g.target };
            side.iter().for_each(|&k| alone[k] = true);
        }
        let mut under = false;
        let mut out = vec![false; blocks.len()];
        for (k, b) in blocks.iter().enumerate() {
            if matches!(b.kind, Kind::Heading { .. }) {
                under = alone[k];
            } else {
                out[k] = under;
            }
        }
        out
    };
    let (s_gone, t_gone) = (gone(sb, true), gone(tb, false));
    for g in &groups {
        match (g.how, g.source.as_slice(), g.target.as_slice()) {
            (How::Alone, &[i], []) => {
                let b = &sb[i];
                if let Kind::Heading { level, .. } = b.kind {
                    let msg =
                        format!("the {sl} heading “{}” (level {level}) has no counterpart in {tl}", short(&b.text));
                    out.push(make.at("headings", Severity::Error, msg, Some(b), None, "unmatched"));
                } else if !s_gone[i] && !groups::empty(b) {
                    let msg = format!("this {sl} {} has no counterpart in {tl}: “{}”", b.kind.name(), short(&b.text));
                    out.push(make.at("structure", Severity::Error, msg, Some(b), None, "unmatched"));
                }
            }
            (How::Alone, [], &[j]) => {
                let b = &tb[j];
                if let Kind::Heading { level, .. } = b.kind {
                    let msg =
                        format!("the {tl} heading “{}” (level {level}) has no counterpart in {sl}", short(&b.text));
                    out.push(make.at("headings", Severity::Error, msg, None, Some(b), "unmatched"));
                } else if !t_gone[j] && !groups::empty(b) {
                    let msg = format!("this {tl} {} has no counterpart in {sl}: “{}”", b.kind.name(), short(&b.text));
                    out.push(make.at("structure", Severity::Error, msg, None, Some(b), "unmatched"));
                }
            }
            (How::Changed, &[i], &[j]) => {
                let (s, t) = (&sb[i], &tb[j]);
                let check = if matches!(s.kind, Kind::Heading { .. }) || matches!(t.kind, Kind::Heading { .. }) {
                    "headings"
                } else {
                    "structure"
                };
                let (ks, kt) = (kind_words(s), kind_words(t));
                let msg = format!("the {sl} {ks} “{}” is {} in {tl}", short(&s.text), with_article(&kt));
                out.push(make.at(check, Severity::Error, msg, Some(s), Some(t), "changed"));
                pair(ctx, make, s, t, &mut out);
            }
            (How::Moved, &[i], &[j]) => {
                let (s, t) = (&sb[i], &tb[j]);
                let msg = format!(
                    "this {sl} {} is at another place in {tl} (line {}): “{}”",
                    s.kind.name(),
                    t.line,
                    short(&s.text)
                );
                out.push(make.at("structure", Severity::Error, msg, Some(s), Some(t), "moved"));
                pair(ctx, make, s, t, &mut out);
            }
            (_, [_, ..], [_, ..]) => {
                let (s, t) = (groups::joined(sb, &g.source), groups::joined(tb, &g.target));
                pair(ctx, make, &s, &t, &mut out);
            }
            _ => {}
        }
    }
    for (blocks, lang, source_side) in [(sb, sl, true), (tb, tl, false)] {
        for b in blocks.iter().filter(|b| !b.broken_links.is_empty()) {
            let msg = format!(
                "Markdown syntax: {} is not a link in {lang} (the space between `]` and `(` makes it plain text)",
                b.broken_links.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
            );
            let (s, t) = if source_side { (Some(b), None) } else { (None, Some(b)) };
            out.push(make.at("markdown", Severity::Error, msg, s, t, &b.broken_links.join(" ")));
        }
    }
    page_length(ctx, make, sb, tb, &mut out);
    out
}

/// The checks of one aligned pair of blocks.
fn pair(ctx: &Context<'_>, make: &Make<'_>, s: &Block, t: &Block, out: &mut Vec<Finding>) {
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    let mut push = |check: &'static str, severity: Severity, msg: String, evidence: &str| {
        out.push(make.at(check, severity, msg, Some(s), Some(t), evidence))
    };
    match (&s.kind, &t.kind) {
        (Kind::Heading { level: a, id: ia }, Kind::Heading { level: b, id: ib }) => {
            if a != b {
                push("headings", Severity::Error, format!("heading level {a} in {sl} but {b} in {tl}"), "level");
            }
            if ia != ib {
                let show = |i: &Option<String>| i.as_ref().map_or("none".to_string(), |i| format!("`{{#{i}}}`"));
                let msg = format!(
                    "explicit heading id {} in {sl} but {} in {tl}: other pages link to it",
                    show(ia),
                    show(ib)
                );
                push("headings", Severity::Error, msg, "id");
            }
        }
        (
            Kind::List { ordered: oa, items: ia, total: ta, depth: da },
            Kind::List { ordered: ob, items: ib, total: tb, depth: db },
        ) => {
            let name = |o: &bool| if *o { "numbered" } else { "bulleted" };
            if oa != ob {
                push(
                    "structure",
                    Severity::Error,
                    format!("a {} list in {sl} but a {} list in {tl}", name(oa), name(ob)),
                    "ordered",
                );
            }
            if (ia, ta, da) != (ib, tb, db) {
                let msg = format!(
                    "the list has {ia} items ({ta} in all, {da} deep) in {sl} but {ib} items ({tb} in all, {db} deep) in {tl}"
                );
                push("structure", Severity::Error, msg, "items");
            }
        }
        (Kind::Table { rows: ra, cols: ca }, Kind::Table { rows: rb, cols: cb }) if (ra, ca) != (rb, cb) => {
            let msg = format!("the table has {ra} rows × {ca} columns in {sl} but {rb} × {cb} in {tl}");
            push("tables", Severity::Error, msg, "size");
        }
        (Kind::Code { lang: la }, Kind::Code { lang: lb })
            if code::language(la) != code::language(lb)
                || (s.code != t.code && code::skeleton(&s.code, la) != code::skeleton(&t.code, lb)) =>
        {
            // Comments and string values may be translated; keys, identifiers and structure not.
            let first =
                s.code.lines().zip(t.code.lines()).position(|(a, b)| code::skeleton(a, la) != code::skeleton(b, lb));
            let at = first.map_or("in length".to_string(), |n| format!("from its line {}", n + 1));
            push(
                "code",
                Severity::Error,
                format!(
                    "the code block differs {at} outside its comments and strings (keys, identifiers and structure must be identical)"
                ),
                "code",
            );
        }
        _ => {}
    }
    links(ctx, s, t, &mut push);
    images(ctx, s, t, &mut push);
    numbers(ctx, s, t, &mut push);
    let (mut ra, mut rb) = (s.redactions.clone(), t.redactions.clone());
    ra.sort();
    rb.sort();
    if ra != rb {
        let show = |r: &[String]| {
            if r.is_empty() {
                "none".to_string()
            } else {
                r.iter().map(|x| format!("[{x}]")).collect::<Vec<_>>().join(" ")
            }
        };
        let msg = format!("{} redaction(s) in {sl} ({}) but {} in {tl} ({})", ra.len(), show(&ra), rb.len(), show(&rb));
        push("redactions", Severity::Error, msg, "count");
    }
    let prose = matches!(s.kind, Kind::Paragraph | Kind::List { .. } | Kind::Quote);
    let (ca, cb) = (s.text.chars().count(), t.text.chars().count());
    if prose && ca >= 80 {
        let ratio = cb as f64 / ca as f64;
        let (lo, hi) = ctx.settings.block_ratio;
        if ratio < lo || ratio > hi {
            let msg = format!(
                "the {tl} text is {:.0} % of the {sl} length (expected about 110–130 %): something may be missing or added",
                ratio * 100.0
            );
            push("length", Severity::Warning, msg, "block");
        }
    }
}

type Push<'a> = dyn FnMut(&'static str, Severity, String, &str) + 'a;

fn links(ctx: &Context<'_>, s: &Block, t: &Block, push: &mut Push<'_>) {
    if let Some((msg, evidence)) = super::links::compare(ctx, s, t) {
        push("links", Severity::Error, msg, &evidence);
    }
}

fn images(ctx: &Context<'_>, s: &Block, t: &Block, push: &mut Push<'_>) {
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    if s.images.len() != t.images.len() {
        push(
            "images",
            Severity::Error,
            format!("{} image(s) in {sl} but {} in {tl}", s.images.len(), t.images.len()),
            "count",
        );
        return;
    }
    for (a, b) in s.images.iter().zip(&t.images) {
        // Localized image paths (`/images/en/x.svg`, `x-fr.png`, `/images/fr/accueil/x.jpg`)
        // are the same image: the same file name in a translated folder.
        let file = |src: &str| super::links::neutral(src).rsplit('/').next().unwrap_or_default().to_string();
        if super::links::neutral(&a.src) != super::links::neutral(&b.src) && file(&a.src) != file(&b.src) {
            push(
                "images",
                Severity::Error,
                format!("the image is `{}` in {sl} but `{}` in {tl}", a.src, b.src),
                &a.src,
            );
        } else if !a.alt.trim().is_empty() && b.alt.trim().is_empty() {
            push("images", Severity::Warning, format!("the image `{}` has no alt text in {tl}", b.src), &a.src);
        } else if a.alt.split_whitespace().count() >= 3 && a.alt.trim() == b.alt.trim() {
            push(
                "images",
                Severity::Warning,
                format!("the alt text of `{}` is not translated: “{}”", b.src, short(&b.alt)),
                &a.src,
            );
        }
    }
}

fn numbers(ctx: &Context<'_>, s: &Block, t: &Block, push: &mut Push<'_>) {
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    let a = numbers::extract(&s.text, sl);
    let b = numbers::extract(&t.text, tl);
    let lacking = |from: &[Number], other: &[Number], other_text: &str, other_lang: &str| -> Vec<String> {
        // Sets of keys, so that a text of many numbers stays linear.
        let words: HashSet<String> =
            other_text.to_lowercase().split(|c: char| !c.is_alphabetic() && c != '-').map(str::to_string).collect();
        let others: HashSet<String> = other.iter().map(|m| numbers::key(m.value)).collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for n in from {
            let k = numbers::key(n.value);
            if others.contains(&k) || !seen.insert(k) {
                continue;
            }
            if numbers::spelled(n.value, other_lang).iter().any(|w| words.contains(*w)) {
                continue;
            }
            out.push(format!("`{}`", n.text));
        }
        out
    };
    let missing = lacking(&a, &b, &t.text, tl);
    let extra = lacking(&b, &a, &s.text, sl);
    if !missing.is_empty() || !extra.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("{} in {sl} not found in {tl}", missing.join(", ")));
        }
        if !extra.is_empty() {
            parts.push(format!("{} in {tl} not found in {sl}", extra.join(", ")));
        }
        push("numbers", Severity::Error, format!("numbers differ: {}", parts.join("; ")), &parts.join(";"));
    }
    // One finding per block and language for its format slips, however many.
    for (list, lang) in [(&a, sl), (&b, tl)] {
        let slips: Vec<String> = list.iter().filter(|n| n.slip).map(|n| format!("`{}`", n.text)).collect();
        if !slips.is_empty() {
            let msg = format!(
                "{} {} not written the {lang} way (e.g. `300 000 $`, `5 %` in French; `$300,000`, `5%` in English)",
                slips.join(", "),
                if slips.len() == 1 { "is" } else { "are" }
            );
            push("numbers", Severity::Warning, msg, &slips.join(" "));
        }
    }
}

fn page_length(ctx: &Context<'_>, make: &Make<'_>, sb: &[Block], tb: &[Block], out: &mut Vec<Finding>) {
    let len = |blocks: &[Block]| blocks.iter().map(|b| b.text.chars().count()).sum::<usize>();
    let (a, b) = (len(sb), len(tb));
    if a < 400 {
        return;
    }
    let ratio = b as f64 / a as f64;
    let (lo, hi) = ctx.settings.page_ratio;
    if ratio < lo || ratio > hi {
        let msg = format!(
            "the {} page is {:.0} % of the {} page's length (expected about 110–130 %): look for a dropped or added passage",
            ctx.target_lang,
            ratio * 100.0,
            ctx.source_lang
        );
        out.push(make.at("length", Severity::Warning, msg, None, None, "page"));
    }
}

/// A block's kind as a message names it: a heading with its level, bold text as such.
fn kind_words(b: &Block) -> String {
    match b.kind {
        Kind::Heading { level, .. } => format!("heading (level {level})"),
        Kind::Paragraph if b.strong => "bold text".to_string(),
        _ => b.kind.name().to_string(),
    }
}

fn with_article(words: &str) -> String {
    if words == "bold text" {
        words.to_string()
    } else if words.starts_with(['a', 'e', 'i', 'o', 'u', 'H']) {
        format!("an {words}")
    } else {
        format!("a {words}")
    }
}

/// The first words of a text, for messages.
pub fn short(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if t.len() < text.len() { format!("{}…", t.trim_end()) } else { t }
}
