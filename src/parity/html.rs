//! The report as one self-contained HTML page (inline CSS, no script), a translator's work
//! queue: a notice that it may hold withheld text and must not be published, the coverage per
//! section, every finding in reading order (page by page, line by line) with filters by
//! severity and check (CSS only), then each pair side by side, its blocks rendered (lists,
//! tables, code and HTML blocks keep their structure, see [`super::view`]) and redacted text
//! marked as the internal build marks it. The interface is in French when the target language
//! is French, in English otherwise; each column carries its `lang`. Severity is said in words
//! as well as colour.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::html_ui::{EN, Ui, ui};
use super::{Finding, Pair, Report, Side, Status};
use crate::html::escape as esc;

const CSS: &str = "body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:90rem;padding:1rem 2rem;color:#1b1b1b}\
a{color:#1a5a96}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}\
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}\
th{background:#f1f1f1}.side>tbody>tr>td{width:50%}.n{color:#555;font-size:.8em;display:block}\
.gap{background:#f7f7f7;color:#595959;font-style:italic}tr.hit>td{background:#fff4e5}\
.error{color:#a10000;font-weight:bold}.warning{color:#7a4b00;font-weight:bold}.info{color:#0b5a7a}\
.dismissed{color:#555;text-decoration:line-through}ul.f li{margin:.2rem 0}code{font-size:.9em}\
pre{white-space:pre-wrap;margin:0}.del{color:#a10000}.ins{color:#006100}.chg del{background:#fdd}.chg ins{background:#dfd;text-decoration:none}\
.notice{border:3px solid #a10000;padding:.5rem 1rem;font-weight:bold;background:#fff0f0}\
mark.redaction,div.redaction{background:#ffe08a;outline:2px dashed #7a4b00}\
.redaction-badge{font-size:.75em;font-weight:bold;background:#1b1b1b;color:#fff;padding:0 .3em;margin-right:.3em}\
pre.html{background:#f4f4f4;padding:.3rem}fieldset{display:inline-block;margin:0 1rem .5rem 0}";

fn sev_word(ui: &Ui, f: &Finding) -> &'static str {
    ui.sev[f.severity as usize]
}

/// Renders the whole report.
pub fn render_html(report: &Report) -> String {
    let ui = ui(&report.target_lang);
    let (sl, tl) = (esc(&report.source_lang), esc(&report.target_lang));
    let t = &report.totals;
    let mut h = String::new();
    let checks: BTreeSet<&str> = report.findings().map(|f| f.check).collect();
    let mut css = CSS.to_string();
    for (k, name) in ["error", "warning", "info"].iter().enumerate() {
        let _ = write!(
            css,
            "body:has(#sev-{name}:checked) #queue-table tbody tr:not([data-severity=\"{name}\"]){{display:none}}"
        );
        let _ = k;
    }
    for c in &checks {
        let _ =
            write!(css, "body:has(#check-{c}:checked) #queue-table tbody tr:not([data-check=\"{c}\"]){{display:none}}");
    }
    for (k, section) in sections(report).iter().enumerate() {
        let name = section.replace(['"', '\\'], "");
        let _ = write!(
            css,
            "body:has(#sec-{k}:checked) #queue-table tbody tr:not([data-section=\"{name}\"]){{display:none}}"
        );
    }
    // One table body per order; the radio buttons show one (CSS `:has`, no script).
    css.push_str("#queue-table tbody.sorted{display:none}");
    for by in ["severity", "check", "section"] {
        let _ = write!(
            css,
            "body:has(#sort-{by}:checked) #queue-table tbody.by-{by}{{display:table-row-group}}\
             body:has(#sort-{by}:checked) #queue-table tbody.by-reading{{display:none}}"
        );
    }
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{} {sl} → {tl}</title><style>{css}</style></head><body>\
         <a href=\"#queue\">{}</a><main><h1>{} {sl} → {tl}</h1>\
         <p class=\"notice\" role=\"note\">{}{}</p>\
         <p>{} {}: {} {}, {} {sl} {}, {} {tl} {}, {} {}. \
         <span class=\"error\">{} {}</span>, <span class=\"warning\">{} {}</span>, \
         <span class=\"info\">{} {}</span>, {} {}.</p>",
        ui.lang,
        ui.title,
        ui.skip,
        ui.title,
        ui.notice,
        // The warning is given in both languages, whoever opens the file.
        if ui.lang == "en" { String::new() } else { format!(" <span lang=\"en\">{}</span>", EN.notice) },
        t.pairs,
        ui.pairs,
        t.complete,
        ui.complete.to_lowercase(),
        t.source_only,
        ui.only,
        t.target_only,
        ui.only,
        t.stale,
        ui.stale.to_lowercase(),
        t.errors,
        ui.sev[0],
        t.warnings,
        ui.sev[1],
        t.infos,
        ui.sev[2],
        t.dismissed,
        ui.dismissed.to_lowercase()
    );
    let _ = write!(
        h,
        "<h2>{}</h2><table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{sl} {}</th>\
         <th scope=\"col\">{tl} {}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        ui.coverage, ui.per_section, ui.section, ui.pairs, ui.complete, ui.only, ui.only, ui.stale
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
    h.push_str("</tbody></table>");
    queue(&mut h, report, ui, &checks);
    let _ = write!(h, "<h2 id=\"pairs\">{}</h2><nav aria-label=\"{}\"><ul>", ui.pages, ui.pages);
    for (n, p) in report.pairs.iter().enumerate() {
        let active = p.findings.iter().filter(|f| f.dismissed.is_none()).count();
        let _ = write!(h, "<li><a href=\"#p{n}\">{}</a> ({active} {})</li>", esc(&p.key), ui.findings);
    }
    h.push_str("</ul></nav>");
    for (n, p) in report.pairs.iter().enumerate() {
        pair(&mut h, n, p, report, ui);
    }
    h.push_str("</main></body></html>\n");
    h
}

/// Every finding in one table, in reading order, with its section, severity and check, and
/// radio buttons that filter it (CSS `:has`, no script).
fn queue(h: &mut String, report: &Report, ui: &Ui, checks: &BTreeSet<&str>) {
    let _ = write!(h, "<h2 id=\"queue\">{}</h2><form aria-label=\"{}\">", ui.queue, ui.queue);
    let _ = write!(
        h,
        "<fieldset><legend>{}</legend><label><input type=\"radio\" name=\"sev\" checked> {}</label>",
        ui.severity, ui.all
    );
    for (k, name) in ["error", "warning", "info"].iter().enumerate() {
        let _ = write!(h, " <label><input type=\"radio\" name=\"sev\" id=\"sev-{name}\"> {}</label>", ui.sev[k]);
    }
    let _ = write!(
        h,
        "</fieldset><fieldset><legend>{}</legend><label><input type=\"radio\" name=\"check\" checked> {}</label>",
        ui.check, ui.all
    );
    for c in checks {
        let _ = write!(h, " <label><input type=\"radio\" name=\"check\" id=\"check-{c}\"> {c}</label>");
    }
    let _ = write!(
        h,
        "</fieldset><fieldset><legend>{}</legend><label><input type=\"radio\" name=\"sec\" checked> {}</label>",
        ui.section, ui.all
    );
    for (k, section) in sections(report).iter().enumerate() {
        let _ = write!(h, " <label><input type=\"radio\" name=\"sec\" id=\"sec-{k}\"> {}</label>", esc(section));
    }
    let _ = write!(
        h,
        "</fieldset><fieldset><legend>{}</legend><label><input type=\"radio\" name=\"sort\" id=\"sort-reading\" checked> {}</label>",
        ui.sort, ui.reading
    );
    for (by, word) in [("severity", ui.severity), ("check", ui.check), ("section", ui.section)] {
        let _ =
            write!(h, " <label><input type=\"radio\" name=\"sort\" id=\"sort-{by}\"> {}</label>", word.to_lowercase());
    }
    let _ = write!(
        h,
        "</fieldset></form><table id=\"queue-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th></tr></thead>",
        ui.queue, ui.section, ui.page, ui.place, ui.severity, ui.check, ui.message
    );
    // (severity, check, section, reading position, row)
    let mut rows: Vec<(super::Severity, &str, &str, usize, String)> = Vec::new();
    for (n, p) in report.pairs.iter().enumerate() {
        let secret = redacted(p);
        for (k, f) in p.findings.iter().enumerate().filter(|(_, f)| f.dismissed.is_none()) {
            let sev = f.severity.name();
            let line = f.source.as_ref().or(f.target.as_ref()).map_or(String::new(), |l| l.line.to_string());
            let row = format!(
                "<tr data-severity=\"{sev}\" data-check=\"{}\" data-section=\"{}\"><td>{}</td>\
                 <td><a href=\"#p{n}f{k}\">{}</a></td><td>{}</td><td><span class=\"{sev}\">{}</span></td>\
                 <td>{}</td><td>{}</td></tr>",
                esc(f.check),
                esc(&p.section),
                esc(&p.section),
                esc(&p.key),
                line,
                sev_word(ui, f),
                esc(f.check),
                marked(&f.message, &secret)
            );
            rows.push((f.severity, f.check, &p.section, rows.len(), row));
        }
    }
    let body = |h: &mut String, class: &str, rows: &[&(super::Severity, &str, &str, usize, String)]| {
        let _ = write!(h, "<tbody class=\"{class}\">");
        rows.iter().for_each(|r| h.push_str(&r.4));
        h.push_str("</tbody>");
    };
    let mut order: Vec<&(super::Severity, &str, &str, usize, String)> = rows.iter().collect();
    body(h, "by-reading", &order);
    order.sort_by_key(|r| (r.0, r.3));
    body(h, "sorted by-severity", &order);
    order.sort_by_key(|r| (r.1, r.3));
    body(h, "sorted by-check", &order);
    order.sort_by_key(|r| (r.2, r.3));
    body(h, "sorted by-section", &order);
    h.push_str("</table>");
}

/// The sections that have findings, in order.
fn sections(report: &Report) -> Vec<&str> {
    let set: BTreeSet<&str> = report
        .pairs
        .iter()
        .filter(|p| p.findings.iter().any(|f| f.dismissed.is_none()))
        .map(|p| p.section.as_str())
        .collect();
    set.into_iter().collect()
}

fn pair(h: &mut String, n: usize, p: &Pair, report: &Report, ui: &Ui) {
    let status = match p.status {
        Status::Complete => String::new(),
        Status::SourceOnly => format!(" — {} {}", esc(&report.source_lang), ui.only),
        Status::TargetOnly => format!(" — {} {}", esc(&report.target_lang), ui.only),
    };
    let stale = if p.stale { format!(" — {}", ui.stale.to_lowercase()) } else { String::new() };
    let _ = write!(h, "<section aria-labelledby=\"p{n}\"><h3 id=\"p{n}\">{}{status}{stale}</h3>", esc(&p.key));
    if !p.findings.is_empty() {
        h.push_str("<ul class=\"f\">");
        let secret = redacted(p);
        for (k, f) in p.findings.iter().enumerate() {
            finding(h, n, k, f, ui, &secret);
        }
        h.push_str("</ul>");
    }
    let head = |s: &Option<Side>, lang: &str| {
        s.as_ref().map_or_else(
            || format!("{} ({})", esc(lang), ui.missing),
            |s| format!("{} <code>{}</code>", esc(&s.lang), esc(&s.path)),
        )
    };
    let _ = write!(
        h,
        "<table class=\"side\"><caption>{} {}</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(&p.key),
        ui.side_by_side,
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
                        hits.iter().map(|k| format!(" <a href=\"#p{n}f{k}\">{} {}</a>", ui.finding, k + 1)).collect();
                    let _ = write!(
                        h,
                        "<td lang=\"{}\"><span class=\"n\">{} {} · {}{marks}</span>{}</td>",
                        esc(&s.lang),
                        ui.line,
                        b.line,
                        b.kind,
                        b.html
                    );
                }
                _ => {
                    let _ = write!(h, "<td class=\"gap\">{}</td>", ui.no_counterpart);
                }
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></section>");
}

/// The pair's redacted passages, escaped as they appear in escaped text, longest first.
fn redacted(p: &Pair) -> Vec<String> {
    let mut all: Vec<String> =
        p.source.iter().chain(p.target.iter()).flat_map(|s| s.redacted.iter()).map(|t| esc(t)).collect();
    all.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    all.dedup();
    all
}

/// Escapes a message and marks the redacted passages it quotes.
fn marked(text: &str, secret: &[String]) -> String {
    let mut out = esc(text);
    for s in secret {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &format!("<mark class=\"redaction\">{s}</mark>"));
        }
    }
    out
}

fn finding(h: &mut String, n: usize, k: usize, f: &Finding, ui: &Ui, secret: &[String]) {
    let sev = f.severity.name();
    let place = |l: &Option<super::Location>| l.as_ref().map(|l| format!("{}:{}", esc(&l.path), l.line));
    let places: Vec<String> = [place(&f.source), place(&f.target)].into_iter().flatten().collect();
    let (open, close) = if f.dismissed.is_some() { ("<span class=\"dismissed\">", "</span>") } else { ("", "") };
    let _ = write!(
        h,
        "<li id=\"p{n}f{k}\">{open}<span class=\"{sev}\">{}</span> [{}] {}{close} <span class=\"n\">{} · {}</span>",
        sev_word(ui, f),
        esc(f.check),
        marked(&f.message, secret),
        places.join(" ↔ "),
        esc(&f.fingerprint)
    );
    if let Some(r) = &f.dismissed {
        let _ = write!(h, " <em>{}: {}</em>", ui.dismissed, esc(r));
    }
    if !f.diff.is_empty() {
        h.push_str("<pre>");
        for d in &f.diff {
            let class = match d.op.as_str() {
                "-" => "del",
                "+" => "ins",
                _ => "chg",
            };
            let text = if d.words.is_empty() {
                marked(&d.text, secret)
            } else {
                d.words
                    .iter()
                    .map(|w| match w.op.as_str() {
                        "-" => format!("<del>{}</del>", marked(&w.text, secret)),
                        "+" => format!("<ins>{}</ins>", marked(&w.text, secret)),
                        _ => marked(&w.text, secret),
                    })
                    .collect()
            };
            let _ = writeln!(h, "<span class=\"{class}\">{} {text}</span>", esc(&d.op));
        }
        h.push_str("</pre>");
    }
    h.push_str("</li>");
}
