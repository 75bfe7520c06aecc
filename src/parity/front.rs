//! Front matter parity: invariant keys equal, translatable keys present and translated.
//!
//! Invariant: `date`, `weight`, `template`, the taxonomies (matched by their position in each
//! language's `taxonomies` list, as their names are translated: same number of terms) and
//! `[extra] withheld`; for sections also `sort_by`, `page_template`, `paginate_by` and
//! `transparent`. Translatable: `title` and `description`. Input: both pages. Output:
//! [`Finding`]s at the key's line in each file. Never fails (an unreadable file gives line 1).

use super::pair::{Context, Make};
use super::{Finding, Location, Severity};
use crate::content::{Front, SourcePage};

/// The 1-based line of `key = …` in a file's front matter (1 when not found).
fn key_line(page: &SourcePage, key: &str) -> usize {
    let text = std::fs::read_to_string(&page.abs_path).unwrap_or_default();
    text.lines()
        .take(page.body_line)
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

fn invariants(ctx: &Context<'_>, page: &SourcePage) -> Vec<(&'static str, String)> {
    let withheld = page.front.extra().get("withheld").map(ToString::to_string).unwrap_or_default();
    let mut v = vec![("withheld", withheld)];
    match &page.front {
        Front::Page(p) => {
            // The same calendar day is the same date: CMS timestamps differ by hours.
            let date = p.date.as_ref().map(ToString::to_string).unwrap_or_default();
            let day = date.get(..10).filter(|d| d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-');
            v.push(("date", day.map_or(date.clone(), str::to_string)));
            v.push(("weight", p.weight.map(|w| w.to_string()).unwrap_or_default()));
            v.push(("template", p.template.clone().unwrap_or_default()));
            let names: Vec<String> = ctx
                .config
                .language(&page.lang)
                .map(|l| l.taxonomies.iter().map(|t| t.name.clone()).collect())
                .unwrap_or_default();
            let shape: Vec<String> = names
                .iter()
                .filter_map(|n| {
                    p.taxonomies.get(n).map(|terms| {
                        format!("#{}: {} term(s)", names.iter().position(|x| x == n).unwrap_or(0) + 1, terms.len())
                    })
                })
                .collect();
            v.push(("taxonomies", shape.join(", ")));
        }
        Front::Section(s) => {
            v.push(("weight", s.weight.to_string()));
            v.push(("template", s.template.clone().unwrap_or_default()));
            v.push(("sort_by", format!("{:?}", s.sort_by)));
            v.push(("page_template", s.page_template.clone().unwrap_or_default()));
            v.push(("paginate_by", s.paginate_by.map(|n| n.to_string()).unwrap_or_default()));
            v.push(("transparent", s.transparent.to_string()));
        }
    }
    v
}

/// Compares the front matter of a pair.
pub(super) fn check(ctx: &Context<'_>, make: &Make<'_>, s: &SourcePage, t: &SourcePage) -> Vec<Finding> {
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    let mut out = Vec::new();
    let at = |mut f: Finding, key: &str| {
        f.source = Some(Location { path: s.path.display().to_string(), line: key_line(s, key) });
        f.target = Some(Location { path: t.path.display().to_string(), line: key_line(t, key) });
        f
    };
    for ((key, a), (_, b)) in invariants(ctx, s).into_iter().zip(invariants(ctx, t)) {
        if a != b {
            let show = |v: &str| if v.is_empty() { "unset".to_string() } else { format!("`{v}`") };
            let msg = format!("`{key}` must be the same in both languages: {} in {sl}, {} in {tl}", show(&a), show(&b));
            out.push(at(make.at("front-matter", Severity::Error, msg, None, None, key), key));
        }
    }
    let fields =
        [("title", s.front.title(), t.front.title()), ("description", s.front.description(), t.front.description())];
    for (key, a, b) in fields {
        let msg = match (a, b) {
            (Some(a), None) if !a.trim().is_empty() => format!("`{key}` is set in {sl} but missing in {tl}"),
            (Some(a), Some(b)) if a.trim() == b.trim() && a.split_whitespace().count() >= 2 => {
                format!("`{key}` is the same in {sl} and {tl}: is it translated? “{}”", super::checks::short(b))
            }
            (_, Some(b)) => match ctx.detector.wrong(b, tl) {
                Some((code, _)) => format!("the {tl} `{key}` is written in {code}: “{}”", super::checks::short(b)),
                None => continue,
            },
            _ => continue,
        };
        out.push(at(make.at("front-matter", Severity::Warning, msg, None, None, key), key));
    }
    out
}
