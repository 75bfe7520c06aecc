//! Builds the [`Report`]: loads the pages, pairs them by key, runs every check on each pair
//! (pairs run in parallel), applies dismissals and counts coverage.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::blocks::{self, Block};
use super::{
    BlockView, Coverage, Finding, Location, Options, Pair, Report, Settings, Severity, Side, Status, Totals, align,
    baseline, checks, dismiss, front, text,
};
use crate::config::Config;
use crate::content::{self, SourcePage};
use crate::diag::{Diagnostic, Diagnostics, Failure};

/// Makes findings for one pair.
pub(super) struct Make<'a> {
    pub key: &'a str,
    pub source: Option<&'a SourcePage>,
    pub target: Option<&'a SourcePage>,
}

impl Make<'_> {
    /// A finding about a block of each side (either may be missing: the page's first line).
    pub fn at(
        &self,
        check: &'static str,
        severity: Severity,
        message: String,
        s: Option<&Block>,
        t: Option<&Block>,
        evidence: &str,
    ) -> Finding {
        let loc = |page: Option<&SourcePage>, b: Option<&Block>| {
            page.map(|p| Location { path: p.path.display().to_string(), line: b.map_or(1, |b| b.line) })
        };
        let content = s.or(t).map(|b| if b.code.is_empty() { b.text.as_str() } else { b.code.as_str() });
        let mut h = Sha256::new();
        for part in [check, self.key, content.unwrap_or(""), evidence] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let hex: String = h.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
        Finding {
            check,
            severity,
            message,
            source: loc(self.source, s),
            target: loc(self.target, t),
            fingerprint: hex,
            dismissed: None,
            diff: Vec::new(),
        }
    }
}

/// Everything a pair comparison reads.
pub(super) struct Context<'a> {
    pub config: &'a Config,
    pub settings: &'a Settings,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
    pub baseline: &'a baseline::Baseline,
    pub dismissed: &'a dismiss::Dismissed,
    pub detector: &'a text::Detector,
    /// The site's git history, when it has accepted no baseline (see [`super::history`]).
    pub history: Option<&'a super::history::History>,
}

/// Compares every pair of the site.
pub fn report(config: &Config, opts: &Options) -> Result<Report, Failure> {
    super::settings(config)?;
    report_of(config, content::load(config, opts.drafts)?.pages)
}

/// Compares every pair of `pages`, pages already loaded (`cahier serve --public` gives the
/// pages as a public build shows them, redacted).
pub fn report_of(config: &Config, pages: Vec<SourcePage>) -> Result<Report, Failure> {
    let settings = super::settings(config)?;
    let loaded = content::Loaded { pages, warnings: Vec::new() };
    let source_lang = config.default_language.clone();
    let target_lang = config.languages.keys().find(|k| **k != source_lang).cloned().unwrap_or_default();
    let mut diags = Diagnostics::new();
    let baseline = baseline::load(config, &settings).unwrap_or_else(|d| {
        diags.push(d);
        baseline::Baseline::default()
    });
    let dismissed = dismiss::load(config, &settings).unwrap_or_else(|d| {
        diags.push(d);
        dismiss::Dismissed::default()
    });
    let detector = text::Detector::new(&source_lang, &target_lang, &settings);
    let history =
        if baseline.pairs.is_empty() && settings.history { super::history::History::load(&config.root) } else { None };
    let ctx = Context {
        config,
        settings: &settings,
        source_lang: &source_lang,
        target_lang: &target_lang,
        baseline: &baseline,
        dismissed: &dismissed,
        detector: &detector,
        history: history.as_ref(),
    };
    let mut by_key: BTreeMap<&str, (Option<&SourcePage>, Option<&SourcePage>)> = BTreeMap::new();
    for page in &loaded.pages {
        let entry = by_key.entry(page.key.as_str()).or_default();
        if page.lang == source_lang {
            entry.0 = Some(page);
        } else if page.lang == target_lang {
            entry.1 = Some(page);
        }
    }
    let results: Vec<Result<Pair, Diagnostic>> =
        by_key.into_par_iter().map(|(key, (s, t))| compare(&ctx, key, s, t)).collect();
    let mut pairs = Vec::new();
    for r in results {
        match r {
            Ok(p) => pairs.push(p),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags.into());
    }
    let (coverage, totals) = count(&pairs);
    Ok(Report { schema: 1, source_lang, target_lang, totals, coverage, pairs })
}

fn compare(ctx: &Context<'_>, key: &str, s: Option<&SourcePage>, t: Option<&SourcePage>) -> Result<Pair, Diagnostic> {
    let make = Make { key, source: s, target: t };
    let parse = |p: Option<&SourcePage>| p.map(blocks::parse).transpose();
    let (sb, sbad) = parse(s)?.unwrap_or_default();
    let (tb, tbad) = parse(t)?.unwrap_or_default();
    let mut findings = Vec::new();
    for (bad, page) in [(&sbad, s), (&tbad, t)] {
        for c in bad {
            let mut f = make.at(
                "dismissal",
                Severity::Warning,
                format!("`{}` dismisses nothing: write `<!-- parity: ignore CHECK — reason -->`", c.text),
                None,
                None,
                &c.text,
            );
            let loc =
                Some(Location { path: page.map(|p| p.path.display().to_string()).unwrap_or_default(), line: c.line });
            if page == s {
                f.source = loc
            } else {
                f.target = loc
            }
            findings.push(f);
        }
    }
    let (status, rows) = match (s, t) {
        (Some(sp), Some(tp)) => {
            let rows = align::pages(&sb, &tb, &sp.lang, &tp.lang);
            findings.extend(front::check(ctx, &make, sp, tp));
            findings.extend(checks::compare(ctx, &make, &sb, &tb, &rows));
            (Status::Complete, rows)
        }
        (Some(sp), None) => {
            let msg = format!("{} has no {} translation", sp.path.display(), ctx.target_lang);
            findings.push(make.at("coverage", Severity::Error, msg, None, None, "missing"));
            (Status::SourceOnly, (0..sb.len()).map(|i| (Some(i), None)).collect())
        }
        (None, Some(tp)) => {
            let msg = format!("{} has no {} page (it exists in {} only)", tp.path.display(), ctx.source_lang, tp.lang);
            findings.push(make.at("coverage", Severity::Warning, msg, None, None, "missing"));
            (Status::TargetOnly, (0..tb.len()).map(|j| (None, Some(j))).collect())
        }
        (None, None) => (Status::Complete, Vec::new()),
    };
    findings.extend(text::language(ctx, &make, &sb, &tb, &rows));
    findings.extend(text::typography(ctx, &make, &sb, &tb));
    let (stale, stale_findings) = if ctx.history.is_some() {
        super::history::check(ctx, &make, &sb)
    } else {
        baseline::check(ctx, &make, &sb, &tb)
    };
    findings.extend(stale_findings);
    dismiss::apply(ctx.dismissed, &mut findings, &sb, &tb);
    findings.sort_by(|a, b| {
        let line = |f: &Finding| f.source.as_ref().or(f.target.as_ref()).map_or(0, |l| l.line);
        (line(a), a.severity, a.check, &a.message).cmp(&(line(b), b.severity, b.check, &b.message))
    });
    let side = |p: Option<&SourcePage>, blocks: &[Block]| {
        p.map(|p| {
            let body = super::view::blanked(&p.body);
            Side {
                path: p.path.display().to_string(),
                lang: p.lang.clone(),
                title: p.front.title().map(str::to_string),
                blocks: blocks
                    .iter()
                    .map(|b| BlockView {
                        kind: b.kind.name(),
                        line: b.line,
                        text: view_text(b),
                        html: super::view::block_html(&body, b),
                    })
                    .collect(),
                redacted: blocks
                    .iter()
                    .flat_map(|b| b.marks.iter())
                    .filter_map(|(r, _)| body.get(r.clone()).map(blocks::collapse))
                    .filter(|t| !t.is_empty())
                    .collect(),
            }
        })
    };
    let page = s.or(t);
    let section = match page.map(SourcePage::key_dir) {
        Some("") | None => "/".to_string(),
        Some(d) => d.to_string(),
    };
    Ok(Pair {
        key: key.to_string(),
        section,
        status,
        stale,
        source: side(s, &sb),
        target: side(t, &tb),
        rows,
        findings,
    })
}

fn view_text(b: &Block) -> String {
    if b.code.is_empty() || b.kind == blocks::Kind::Html { b.text.clone() } else { b.code.clone() }
}

fn count(pairs: &[Pair]) -> (Vec<Coverage>, Totals) {
    let mut sections: BTreeMap<&str, Coverage> = BTreeMap::new();
    let mut t = Totals::default();
    for p in pairs {
        let c = sections
            .entry(&p.section)
            .or_insert_with(|| Coverage { section: p.section.clone(), ..Coverage::default() });
        c.pairs += 1;
        match p.status {
            Status::Complete => c.complete += 1,
            Status::SourceOnly => c.source_only += 1,
            Status::TargetOnly => c.target_only += 1,
        }
        c.stale += usize::from(p.stale);
        for f in &p.findings {
            match (&f.dismissed, f.severity) {
                (Some(_), _) => t.dismissed += 1,
                (None, Severity::Error) => t.errors += 1,
                (None, Severity::Warning) => t.warnings += 1,
                (None, Severity::Info) => t.infos += 1,
            }
        }
    }
    let coverage: Vec<Coverage> = sections.into_values().collect();
    for c in &coverage {
        t.pairs += c.pairs;
        t.complete += c.complete;
        t.source_only += c.source_only;
        t.target_only += c.target_only;
        t.stale += c.stale;
    }
    (coverage, t)
}
