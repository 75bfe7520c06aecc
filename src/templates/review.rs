//! Reviewers' marks in templates (internal builds): the filters that show front matter
//! secrets highlighted wherever a template prints the string (a page's lead, listings, the
//! print binder), and the citations of a page withheld in full wherever it is listed.
//!
//! Input: every entry's [`crate::redact::ReviewMarks`], gathered once per build into
//! [`ReviewData`]. Output: `mark_redacted` (a string → HTML: escaped, each secret text
//! wrapped in its `<mark>`; in a public build the string, escaped) and `withheld` (a
//! permalink → the list of citations under which that page is withheld, empty when it is
//! not). Failure: a `tera::Error` when the value is not a string.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::Value;
use tera::{Error, Filter, Result};

use crate::site::Site;

/// The marks of the whole build.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReviewData {
    /// (escaped secret text, its HTML), longest text first so that a text inside another is
    /// not marked twice.
    front: Vec<(String, String)>,
    /// Permalink of a page withheld in full → its citations.
    withheld: HashMap<String, Vec<String>>,
}

impl ReviewData {
    /// Gathers the marks of every entry of `site`.
    pub fn of(site: &Site) -> ReviewData {
        let mut front = BTreeMap::new();
        let mut withheld = HashMap::new();
        for e in &site.entries {
            let marks = e.page.marks();
            for m in &marks.front {
                front.entry(html_escape::encode_text(&m.text).into_owned()).or_insert_with(|| m.html.clone());
            }
            if !marks.withheld.is_empty() {
                withheld.insert(e.permalink.clone(), marks.withheld.clone());
            }
        }
        let mut front: Vec<(String, String)> = front.into_iter().collect();
        front.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        ReviewData { front, withheld }
    }

    /// `text`, escaped, with every secret front matter text highlighted.
    pub fn mark(&self, text: &str) -> String {
        let mut html = html_escape::encode_text(text).into_owned();
        for (secret, mark) in &self.front {
            if html.contains(secret.as_str()) {
                html = replace_outside_tags(&html, secret, mark);
            }
        }
        html
    }
}

/// Replaces `from` by `to` in `html`, except inside marks already placed.
fn replace_outside_tags(html: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(html.len() + to.len());
    let mut rest = html;
    while let Some(at) = rest.find(from) {
        let before = &rest[..at];
        out.push_str(before);
        let inside_mark = out.matches("<mark").count() > out.matches("</mark>").count();
        out.push_str(if inside_mark { from } else { to });
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

/// `mark_redacted`: see the module documentation.
pub struct MarkRedacted(pub Arc<ReviewData>);

impl Filter for MarkRedacted {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        super::functions::note(|r| r.review = true);
        match value {
            Value::String(s) => Ok(Value::String(self.0.mark(s))),
            Value::Null => Ok(Value::String(String::new())),
            other => Err(Error::msg(format!("`mark_redacted` filters a string, not {other}"))),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `withheld`: see the module documentation.
pub struct Withheld(pub Arc<ReviewData>);

impl Filter for Withheld {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        super::functions::note(|r| r.review = true);
        let permalink = value.as_str().ok_or_else(|| Error::msg("`withheld` filters a page's permalink"))?;
        Ok(self.0.withheld.get(permalink).map_or_else(|| Value::Array(Vec::new()), |c| serde_json::json!(c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ReviewData {
        ReviewData {
            front: vec![
                ("on asylum &amp; more".into(), "<mark class=\"redaction\">on asylum &amp; more</mark>".into()),
                ("asylum".into(), "<mark class=\"redaction\">asylum</mark>".into()),
            ],
            withheld: HashMap::new(),
        }
    }

    #[test]
    fn a_secret_is_marked_once_and_the_rest_escaped() {
        assert_eq!(
            data().mark("Work <b> on asylum & more, and asylum."),
            "Work &lt;b&gt; <mark class=\"redaction\">on asylum &amp; more</mark>, and <mark class=\"redaction\">asylum</mark>."
        );
    }

    #[test]
    fn without_marks_the_text_is_only_escaped() {
        assert_eq!(ReviewData::default().mark("A & B"), "A &amp; B");
    }
}
