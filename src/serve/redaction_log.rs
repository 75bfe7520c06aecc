//! The redaction log as a reviewers' dashboard: one table row per redaction, linking the page
//! where it shows and its marker in the source (`path:line`, on `/_cahier/source/`), then the
//! pages withheld in full and the pairs that redact differently.
//!
//! Input: the build's [`RedactionLog`] (with its page URLs). Output: an HTML fragment with no
//! secret text (the log holds only lengths). Failure: none.

use std::fmt::Write;

use crate::html::escape;
use crate::redact::RedactionLog;

/// The log as HTML.
pub fn html(log: &RedactionLog) -> String {
    let mut out = String::new();
    let page = |key: &str, lang: &str| match log.urls.get(&(key.to_string(), lang.to_string())) {
        Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(key)),
        None => escape(key).to_string(),
    };
    let source = |path: &std::path::Path, line: usize| {
        let p = path.to_string_lossy().replace('\\', "/");
        format!("<a href=\"/_cahier/source/{p}#L{line}\"><code>{p}:{line}</code></a>", p = escape(&p))
    };
    let _ = writeln!(out, "<p>{} redactions, {} pages withheld in full.</p>", log.entries.len(), log.withheld.len());
    if !log.entries.is_empty() {
        out.push_str("<h2>Redactions</h2>\n<div class=\"dashboard-table\" role=\"region\" aria-label=\"Redactions\" tabindex=\"0\"><table>\n");
        out.push_str("<thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Language</th><th scope=\"col\">Source</th><th scope=\"col\">Where</th><th scope=\"col\">Exemptions</th><th scope=\"col\">Characters</th></tr></thead>\n<tbody>\n");
        for e in &log.entries {
            let place = match &e.place {
                crate::redact::Place::Span => "span".to_string(),
                crate::redact::Place::Block => "block".to_string(),
                crate::redact::Place::Front(f) => format!("front matter <code>{}</code>", escape(f)),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{place}</td><td>{}</td><td>{}</td></tr>",
                page(&e.key, &e.lang),
                escape(&e.lang),
                source(&e.path, e.line),
                escape(&e.exemptions.join(", ")),
                e.chars
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    if !log.withheld.is_empty() {
        out.push_str("<h2>Withheld in full</h2>\n<ul>\n");
        for w in &log.withheld {
            let _ = writeln!(
                out,
                "<li>{} ({}), {}: <span class=\"redaction-badge\">{}</span></li>",
                page(&w.key, &w.lang),
                escape(&w.lang),
                source(&w.path, 1),
                escape(&w.exemptions.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }
    if !log.parity.is_empty() {
        out.push_str("<h2>Translations that redact differently</h2>\n<ul>\n");
        for p in &log.parity {
            let langs: Vec<String> = p
                .counts
                .iter()
                .map(|(lang, c)| {
                    let uses: Vec<String> = c.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
                    format!("{lang}: {}", uses.join(", "))
                })
                .collect();
            let _ = writeln!(out, "<li>{}: {}</li>", escape(&p.key), escape(&langs.join("; ")));
        }
        out.push_str("</ul>\n");
    }
    out
}

/// Whether the log names `path` (the only files `/_cahier/source/` shows).
pub fn names(log: &RedactionLog, path: &str) -> bool {
    let same = |p: &std::path::Path| p.to_string_lossy().replace('\\', "/") == path;
    log.entries.iter().any(|e| same(&e.path)) || log.withheld.iter().any(|w| same(&w.path))
}
