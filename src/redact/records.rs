//! What the redaction pass found, file by file: so that `cahier serve` can redact a changed
//! file alone and put the site's log and audit needles back together.
//!
//! Input: a [`Redacted`] and the `(path, key, language)` of every page given to the pass.
//! Output: [`Records`], from which [`Records::log`] and [`Records::secrets`] give what
//! [`super::run`] gives for the whole site. Never fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::attachments::HeldAttachment;
use super::{LogEntry, Needle, Redacted, RedactionLog, Secrets, WithheldPage};

/// What the redaction pass found in one content file.
#[derive(Debug, Clone, Default)]
pub struct FileRecord {
    pub key: String,
    pub lang: String,
    pub log: Vec<LogEntry>,
    pub withheld: Option<WithheldPage>,
    pub needles: Vec<Needle>,
}

/// The pass's findings by source file (site-relative path), and the attachments it held.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub files: BTreeMap<PathBuf, FileRecord>,
    /// Held attachments: a change to a page with attachments is a whole build, so they stay.
    pub attachments: Vec<HeldAttachment>,
}

impl Records {
    /// Groups `redacted`'s findings by file; `heads` are the `(path, key, language)` of every
    /// page given to the pass.
    pub fn of(heads: &[(PathBuf, String, String)], redacted: &Redacted) -> Records {
        let mut files: BTreeMap<PathBuf, FileRecord> = heads
            .iter()
            .map(|(path, key, lang)| {
                (path.clone(), FileRecord { key: key.clone(), lang: lang.clone(), ..FileRecord::default() })
            })
            .collect();
        for e in &redacted.log.entries {
            if let Some(r) = files.get_mut(&e.path) {
                r.log.push(e.clone());
            }
        }
        for w in &redacted.withheld {
            if let Some(r) = files.get_mut(&w.path) {
                r.withheld = Some(w.clone());
            }
        }
        for n in &redacted.secrets.needles {
            if let Some(r) = files.get_mut(&n.source) {
                r.needles.push(n.clone());
            }
        }
        Records { files, attachments: redacted.log.attachments.clone() }
    }

    /// Replaces the records of the files `changed` by those of `fresh` (a changed file
    /// absent from `fresh` is gone, or a draft left out).
    pub fn replace(&mut self, changed: &BTreeSet<PathBuf>, fresh: Records) {
        self.files.retain(|p, _| !changed.contains(p));
        self.files.extend(fresh.files);
    }

    /// The audit's needles: every file's.
    pub fn secrets(&self) -> Secrets {
        Secrets { needles: self.files.values().flat_map(|r| r.needles.iter().cloned()).collect() }
    }

    /// The log of the whole site, as [`super::run`] makes it; `keys` are the `(key,
    /// language)` of every published page.
    pub fn log(&self, keys: &BTreeSet<(String, String)>) -> RedactionLog {
        let mut log = RedactionLog { attachments: self.attachments.clone(), ..RedactionLog::default() };
        let all: BTreeSet<(&str, &str)> = keys
            .iter()
            .map(|(k, l)| (k.as_str(), l.as_str()))
            .chain(self.files.values().map(|r| (r.key.as_str(), r.lang.as_str())))
            .collect();
        let mut langs_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, l) in all {
            langs_by_key.entry(k.to_string()).or_default().push(l.to_string());
        }
        for r in self.files.values() {
            log.entries.extend(r.log.iter().cloned());
            log.withheld.extend(r.withheld.iter().cloned());
        }
        log.finish(&langs_by_key);
        log
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::SiteBuilder;

    use super::*;
    use crate::redact::Mode;

    #[test]
    fn the_log_put_back_together_is_the_passes_own() {
        let site = SiteBuilder::new()
            .page("a.md", "+++\ntitle = \"A\"\n+++\nOne {% redact(s=\"15(1)\") %}secret words here{% end %}.\n")
            .page("a.fr.md", "+++\ntitle = \"A\"\n+++\nUn {% redact(s=\"15(1)\") %}mots secrets ici{% end %}.\n")
            .page("b.md", "+++\ntitle = \"B\"\n+++\nNothing.\n");
        let (pages, settings) = site.sources(Mode::Public);
        let heads: Vec<_> = pages.iter().map(|p| (p.path.clone(), p.key.clone(), p.lang.clone())).collect();
        let keys: BTreeSet<_> = pages.iter().map(|p| (p.key.clone(), p.lang.clone())).collect();
        let redacted = crate::redact::run(pages, &settings).unwrap();
        let records = Records::of(&heads, &redacted);
        assert_eq!(records.log(&keys), redacted.log);
        let sorted = |s: &Secrets| {
            let mut v: Vec<_> = s.needles.iter().map(|n| (&n.source, n.line, &n.text, n.whole_word)).collect();
            v.sort();
            v.into_iter().map(|(s, l, t, w)| (s.clone(), l, t.clone(), w)).collect::<Vec<_>>()
        };
        assert_eq!(sorted(&records.secrets()), sorted(&redacted.secrets));
        assert_eq!(records.secrets().needles.len(), 2);
    }
}
