//! What reviewers see of a page's redactions outside its body, prepared by the redaction
//! stage for the template stage (like [`super::SpanView`] for the body): the front matter
//! strings that hold secret text, each with the highlight and badges to show it with, and the
//! citations of a page withheld in full.
//!
//! Input: a page's front matter spans and `[extra] withheld` keys, its language and the
//! [`Catalogue`]. Output: [`ReviewMarks`]; empty in a public build, where the secret text is
//! already gone. Failure: none (an exemption missing from the catalogue shows its key).

use super::catalogue::Catalogue;
use super::front::FrontSpan;

/// A secret front matter text and the HTML that shows it to reviewers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMark {
    /// The secret text, as the internal build's front matter string holds it.
    pub text: String,
    /// `<mark class="redaction">` with the badges and the text, escaped.
    pub html: String,
}

/// Reviewers' marks of one page (internal builds only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewMarks {
    pub front: Vec<FrontMark>,
    /// Short citations of `[extra] withheld` in the page's language (`s. 21(1)(b)`,
    /// `al. 21(1)b)`); empty when the page is not withheld in full.
    pub withheld: Vec<String>,
}

/// The badge of each exemption: its short citation and description in `lang`.
pub(super) fn badges(keys: &[String], lang: &str, catalogue: &Catalogue) -> String {
    keys.iter()
        .map(|k| {
            let label = catalogue
                .get(k)
                .map_or_else(|| k.clone(), |e| format!("{} — {}", e.short_citation(lang), e.description(lang)));
            format!("<span class=\"redaction-badge\">{}</span> ", html_escape::encode_text(&label))
        })
        .collect()
}

/// The marks of a page in an internal build.
pub(super) fn marks(spans: &[FrontSpan], withheld: &[String], lang: &str, catalogue: &Catalogue) -> ReviewMarks {
    let front = spans
        .iter()
        .filter(|s| !s.secret.trim().is_empty())
        .map(|s| {
            let keys = html_escape::encode_double_quoted_attribute(&s.exemptions.join(", ")).into_owned();
            FrontMark {
                text: s.secret.clone(),
                html: format!(
                    "<mark class=\"redaction\" data-exemptions=\"{keys}\">{}{}</mark>",
                    badges(&s.exemptions, lang, catalogue),
                    html_escape::encode_text(&s.secret)
                ),
            }
        })
        .collect();
    ReviewMarks { front, withheld: citations(withheld, lang, catalogue) }
}

/// Short citations of the `withheld` exemption keys in `lang` (`s. 21(1)(b)`, `al. 21(1)b)`).
pub(super) fn citations(withheld: &[String], lang: &str, catalogue: &Catalogue) -> Vec<String> {
    withheld.iter().map(|k| catalogue.get(k).map_or_else(|| k.clone(), |e| e.short_citation(lang))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(secret: &str, keys: &[&str]) -> FrontSpan {
        FrontSpan {
            field: "description".into(),
            exemptions: keys.iter().map(|k| k.to_string()).collect(),
            secret: secret.into(),
            before: String::new(),
            after: String::new(),
            line: 3,
        }
    }

    #[test]
    fn a_front_matter_secret_is_highlighted_with_its_badge() {
        let m = marks(&[span("on asylum & <b>", &["14"])], &[], "en", &Catalogue::builtin());
        assert_eq!(m.front.len(), 1);
        let html = &m.front[0].html;
        assert!(
            html.starts_with(
                "<mark class=\"redaction\" data-exemptions=\"14\"><span class=\"redaction-badge\">s. 14 — "
            ),
            "{html}"
        );
        assert!(html.ends_with("</span> on asylum &amp; &lt;b&gt;</mark>"), "{html}");
        assert!(m.withheld.is_empty());
    }

    #[test]
    fn a_page_withheld_in_full_gets_citations_in_its_language() {
        let keys = vec!["21(1)(b)".to_string()];
        assert_eq!(marks(&[], &keys, "en", &Catalogue::builtin()).withheld, ["s. 21(1)(b)"]);
        assert_eq!(marks(&[], &keys, "fr", &Catalogue::builtin()).withheld, ["al. 21(1)b)"]);
    }
}
