//! Renders a [`Report`] for the terminal (coloured on request), as JSON (the schema in the
//! module doc of [`super`]) and as CSV (one finding per row, for spreadsheets).

use std::fmt::Write as _;

use super::{Finding, Location, Report, Severity, Status};

fn paint(colour: bool, code: &str, text: &str) -> String {
    if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}

fn place(l: &Option<Location>) -> String {
    l.as_ref().map_or_else(|| "-".to_string(), |l| format!("{}:{}", l.path, l.line))
}

/// The terminal summary: totals, coverage per section, then the findings page by page.
pub fn text(report: &Report, colour: bool) -> String {
    let (sl, tl) = (&report.source_lang, &report.target_lang);
    let t = &report.totals;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {sl} → {tl}: {} pairs, {} complete, {} {sl} only, {} {tl} only, {} stale",
        paint(colour, "1", "Parity"),
        t.pairs,
        t.complete,
        t.source_only,
        t.target_only,
        t.stale
    );
    let _ = writeln!(out, "\nCoverage by section:");
    for c in &report.coverage {
        let mut extra = Vec::new();
        if c.source_only > 0 {
            extra.push(format!("{} without {tl}", c.source_only));
        }
        if c.target_only > 0 {
            extra.push(format!("{} without {sl}", c.target_only));
        }
        if c.stale > 0 {
            extra.push(format!("{} stale", c.stale));
        }
        let extra = if extra.is_empty() { String::new() } else { format!(" ({})", extra.join(", ")) };
        let _ = writeln!(out, "  {:<28} {}/{} complete{extra}", c.section, c.complete, c.pairs);
    }
    for pair in report.pairs.iter().filter(|p| !p.findings.is_empty()) {
        let status = match pair.status {
            Status::Complete => String::new(),
            Status::SourceOnly => format!(" [{sl} only]"),
            Status::TargetOnly => format!(" [{tl} only]"),
        };
        let _ = writeln!(out, "\n{}{status}", paint(colour, "1", &pair.key));
        for f in &pair.findings {
            finding(&mut out, f, colour);
        }
    }
    let _ = writeln!(
        out,
        "\n{} error(s), {} warning(s), {} info, {} dismissed",
        t.errors, t.warnings, t.infos, t.dismissed
    );
    out
}

fn finding(out: &mut String, f: &Finding, colour: bool) {
    let (code, sev) = match f.severity {
        Severity::Error => ("1;31", "error"),
        Severity::Warning => ("1;33", "warning"),
        Severity::Info => ("36", "info"),
    };
    let sev = if f.dismissed.is_some() { paint(colour, "2", "dismissed") } else { paint(colour, code, sev) };
    let where_ = match (&f.source, &f.target) {
        (Some(_), Some(_)) => format!("{} ↔ {}", place(&f.source), place(&f.target)),
        (Some(_), None) => place(&f.source),
        _ => place(&f.target),
    };
    let _ = writeln!(out, "  {where_}: {sev}[{}]: {}", f.check, f.message);
    if let Some(reason) = &f.dismissed {
        let _ = writeln!(out, "      dismissed: {reason}");
    }
    for d in &f.diff {
        let line = format!("      {} {}", d.op, super::diff::plain(d));
        let code = match d.op.as_str() {
            "-" => "31",
            "+" => "32",
            _ => "33",
        };
        let _ = writeln!(out, "{}", paint(colour, code, &line));
    }
}

/// The report as pretty-printed JSON.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// The findings as CSV, one per row, with a header.
pub fn csv(report: &Report) -> anyhow::Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "page",
        "check",
        "severity",
        "dismissed",
        "source_path",
        "source_line",
        "target_path",
        "target_line",
        "message",
        "fingerprint",
        "diff",
    ])?;
    for pair in &report.pairs {
        for f in &pair.findings {
            let loc = |l: &Option<Location>| {
                l.as_ref().map_or((String::new(), String::new()), |l| (l.path.clone(), l.line.to_string()))
            };
            let (sp, sline) = loc(&f.source);
            let (tp, tline) = loc(&f.target);
            w.write_record([
                pair.key.as_str(),
                f.check,
                f.severity.name(),
                f.dismissed.as_deref().unwrap_or(""),
                &sp,
                &sline,
                &tp,
                &tline,
                &f.message,
                &f.fingerprint,
                &f.diff.iter().map(|d| format!("{} {}", d.op, super::diff::plain(d))).collect::<Vec<_>>().join("\n"),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
