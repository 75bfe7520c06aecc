//! The report as one self-contained HTML page (inline CSS, no script): a coverage overview,
//! then each pair side by side, source and target blocks aligned in two columns, with the
//! findings listed above and marked on their rows. Severity is said in words as well as
//! colour; each column carries its `lang`.

use std::fmt::Write as _;

use super::{Finding, Pair, Report, Side, Status};

const CSS: &str = "body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:90rem;padding:1rem 2rem;color:#1b1b1b}\
a{color:#1a5a96}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}\
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}\
th{background:#f1f1f1}.side td{width:50%}.n{color:#555;font-size:.8em;display:block}\
.gap{background:#f7f7f7;color:#666;font-style:italic}tr.hit td{background:#fff4e5}\
.error{color:#a10000;font-weight:bold}.warning{color:#7a4b00;font-weight:bold}.info{color:#0b5a7a}\
.dismissed{color:#555;text-decoration:line-through}ul.f li{margin:.2rem 0}code{font-size:.9em}\
pre{white-space:pre-wrap;margin:0}.del{color:#a10000}.ins{color:#006100}";

use crate::html::escape as esc;

/// Renders the whole report.
pub fn render_html(report: &Report) -> String {
    let (sl, tl) = (esc(&report.source_lang), esc(&report.target_lang));
    let t = &report.totals;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Parity report {sl} → {tl}</title><style>{CSS}</style></head><body>\
         <a href=\"#pairs\">Skip to the pages</a><main><h1>Parity report {sl} → {tl}</h1>\
         <p>{} pairs: {} complete, {} {sl} only, {} {tl} only, {} stale. \
         Findings: <span class=\"error\">{} error(s)</span>, <span class=\"warning\">{} warning(s)</span>, \
         <span class=\"info\">{} info</span>, {} dismissed.</p>",
        t.pairs, t.complete, t.source_only, t.target_only, t.stale, t.errors, t.warnings, t.infos, t.dismissed
    );
    let _ = write!(
        h,
        "<h2>Coverage</h2><table><caption>Pages per section</caption><thead><tr><th scope=\"col\">Section</th>\
         <th scope=\"col\">Pairs</th><th scope=\"col\">Complete</th><th scope=\"col\">{sl} only</th>\
         <th scope=\"col\">{tl} only</th><th scope=\"col\">Stale</th></tr></thead><tbody>"
    );
    for c in &report.coverage {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.section),
            c.pairs,
            c.complete,
            c.source_only,
            c.target_only,
            c.stale
        );
    }
    h.push_str("</tbody></table><h2 id=\"pairs\">Pages</h2><nav aria-label=\"Pages\"><ul>");
    for (n, p) in report.pairs.iter().enumerate() {
        let active = p.findings.iter().filter(|f| f.dismissed.is_none()).count();
        let _ = write!(h, "<li><a href=\"#p{n}\">{}</a> ({active} finding(s))</li>", esc(&p.key));
    }
    h.push_str("</ul></nav>");
    for (n, p) in report.pairs.iter().enumerate() {
        pair(&mut h, n, p, report);
    }
    h.push_str("</main></body></html>\n");
    h
}

fn pair(h: &mut String, n: usize, p: &Pair, report: &Report) {
    let status = match p.status {
        Status::Complete => String::new(),
        Status::SourceOnly => format!(" — {} only", esc(&report.source_lang)),
        Status::TargetOnly => format!(" — {} only", esc(&report.target_lang)),
    };
    let stale = if p.stale { " — stale" } else { "" };
    let _ = write!(h, "<section aria-labelledby=\"p{n}\"><h3 id=\"p{n}\">{}{status}{stale}</h3>", esc(&p.key));
    if !p.findings.is_empty() {
        h.push_str("<ul class=\"f\">");
        for (k, f) in p.findings.iter().enumerate() {
            finding(h, n, k, f);
        }
        h.push_str("</ul>");
    }
    let head = |s: &Option<Side>, lang: &str| {
        s.as_ref().map_or_else(
            || format!("{} (missing)", esc(lang)),
            |s| format!("{} <code>{}</code>", esc(&s.lang), esc(&s.path)),
        )
    };
    let _ = write!(
        h,
        "<table class=\"side\"><caption>{} side by side</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(&p.key),
        head(&p.source, &report.source_lang),
        head(&p.target, &report.target_lang)
    );
    for &(i, j) in &p.rows {
        let sblock = i.and_then(|i| p.source.as_ref()?.blocks.get(i));
        let tblock = j.and_then(|j| p.target.as_ref()?.blocks.get(j));
        let hits: Vec<usize> = p
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.source.as_ref().zip(sblock).is_some_and(|(l, b)| l.line == b.line)
                    || f.target.as_ref().zip(tblock).is_some_and(|(l, b)| l.line == b.line)
            })
            .map(|(k, _)| k)
            .collect();
        let class = if hits.is_empty() { "" } else { " class=\"hit\"" };
        let _ = write!(h, "<tr{class}>");
        for (b, side) in [(sblock, &p.source), (tblock, &p.target)] {
            match (b, side) {
                (Some(b), Some(s)) => {
                    let marks: String =
                        hits.iter().map(|k| format!(" <a href=\"#p{n}f{k}\">finding {}</a>", k + 1)).collect();
                    let _ = write!(
                        h,
                        "<td lang=\"{}\"><span class=\"n\">line {} · {}{marks}</span>{}</td>",
                        esc(&s.lang),
                        b.line,
                        b.kind,
                        esc(&b.text)
                    );
                }
                _ => h.push_str("<td class=\"gap\">(no counterpart)</td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></section>");
}

fn finding(h: &mut String, n: usize, k: usize, f: &Finding) {
    let sev = f.severity.name();
    let place = |l: &Option<super::Location>| l.as_ref().map(|l| format!("{}:{}", esc(&l.path), l.line));
    let places: Vec<String> = [place(&f.source), place(&f.target)].into_iter().flatten().collect();
    let (open, close) = if f.dismissed.is_some() { ("<span class=\"dismissed\">", "</span>") } else { ("", "") };
    let _ = write!(
        h,
        "<li id=\"p{n}f{k}\">{open}<span class=\"{sev}\">{sev}</span> [{}] {}{close} <span class=\"n\">{} · {}</span>",
        esc(f.check),
        esc(&f.message),
        places.join(" ↔ "),
        esc(&f.fingerprint)
    );
    if let Some(r) = &f.dismissed {
        let _ = write!(h, " <em>Dismissed: {}</em>", esc(r));
    }
    if !f.diff.is_empty() {
        h.push_str("<pre>");
        for d in &f.diff {
            let class = if d.op == "-" { "del" } else { "ins" };
            let _ = writeln!(h, "<span class=\"{class}\">{} {}</span>", esc(&d.op), esc(&d.text));
        }
        h.push_str("</pre>");
    }
    h.push_str("</li>");
}
