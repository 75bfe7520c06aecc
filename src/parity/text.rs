//! The text checks: untranslated or wrong-language blocks (lingua, English and French models
//! only), terminology (the site glossary and names kept as they are) and French typography.
//!
//! Input: both pages' blocks, their alignment and the settings. Output: [`Finding`]s. Never
//! fails. Language is judged only on prose of at least `min_words` words (numbers, URLs,
//! acronyms left out) and only when one language wins by `language_margin`, so short or mixed
//! text never gives a verdict.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

use super::blocks::{Block, Kind};
use super::checks::short;
use super::numbers::is_french;
use super::pair::{Context, Make};
use super::{Finding, Settings, Severity};

/// The language detector, when the site's two languages are English and French.
pub struct Detector {
    inner: Option<LanguageDetector>,
    margin: f64,
    min_words: usize,
}

fn lingua_of(code: &str) -> Option<Language> {
    match code.split('-').next() {
        Some("en") => Some(Language::English),
        Some("fr") => Some(Language::French),
        _ => None,
    }
}

impl Detector {
    pub fn new(source: &str, target: &str, settings: &Settings) -> Detector {
        let inner = match (lingua_of(source), lingua_of(target)) {
            (Some(a), Some(b)) if a != b => Some(LanguageDetectorBuilder::from_languages(&[a, b]).build()),
            _ => None,
        };
        Detector { inner, margin: settings.language_margin, min_words: settings.min_words }
    }

    /// The words of a text that say something about its language.
    fn judged_words(text: &str) -> Vec<&str> {
        text.split_whitespace()
            .filter(|w| !w.contains("://") && !w.contains('@'))
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
            .filter(|w| {
                w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '’' || c == '\'' || c == '-')
            })
            .filter(|w| !w.chars().all(|c| !c.is_lowercase()))
            .collect()
    }

    /// When `text` is confidently in another language than `expected`: that language's code
    /// and the confidence margin.
    pub fn wrong(&self, text: &str, expected: &str) -> Option<(&'static str, f64)> {
        let inner = self.inner.as_ref()?;
        let words = Self::judged_words(text);
        if words.len() < self.min_words || clearly(&words, expected) {
            return None;
        }
        let values = inner.compute_language_confidence_values(words.join(" "));
        let (top, conf) = *values.first()?;
        let second = values.get(1).map_or(0.0, |v| v.1);
        let expected = lingua_of(expected)?;
        if top != expected && conf - second >= self.margin {
            let code = if top == Language::English { "en" } else { "fr" };
            return Some((code, conf - second));
        }
        None
    }
}

/// Words frequent in one of the two languages and not a word of the other.
const EN_WORDS: [&str; 24] = [
    "the", "and", "of", "to", "is", "are", "with", "for", "that", "this", "you", "your", "be", "it", "or", "not",
    "can", "will", "an", "by", "from", "have", "when", "which",
];
const FR_WORDS: [&str; 26] = [
    "le", "la", "les", "des", "du", "et", "est", "sont", "pour", "que", "qui", "dans", "une", "vous", "votre", "vos",
    "avec", "sur", "au", "aux", "cette", "pas", "par", "ou", "être", "peut",
];

/// Whether a text is plainly in `expected`: several of that language's frequent words and
/// none of the other's. Such text needs no statistical model (most text of a page is in its
/// language, and the model is the dearest step of the report).
fn clearly(words: &[&str], expected: &str) -> bool {
    let (mut en, mut fr, mut accented) = (0, 0, 0);
    for w in words {
        let w = w.to_lowercase();
        accented += usize::from(w.contains(['é', 'è', 'ê', 'à', 'ç', 'ù', 'û', 'ô', 'î', 'œ']));
        let w = w.rsplit(['’', '\'']).next().unwrap_or(&w);
        en += usize::from(EN_WORDS.contains(&w));
        fr += usize::from(FR_WORDS.contains(&w));
    }
    match lingua_of(expected) {
        Some(Language::English) => en >= 3 && fr == 0,
        Some(Language::French) => (fr >= 3 || fr >= 1 && accented >= 2) && en == 0,
        _ => false,
    }
}

/// Lower-case words with French elision (`l’`, `d’`, `qu’`) removed.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| match w.split_once('\'') {
            Some((pre, rest))
                if ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"].contains(&pre) =>
            {
                rest.to_string()
            }
            _ => w.to_string(),
        })
        .collect()
}

/// A word is a form of a glossary word: plural (-s, -x, -aux), feminine (-e, -ne, -le).
fn same_word(w: &str, pat: &str) -> bool {
    if w == pat {
        return true;
    }
    if let Some(rest) = w.strip_prefix(pat) {
        return ["s", "x", "e", "es", "ne", "nes", "le", "les"].contains(&rest);
    }
    pat.strip_suffix("al").is_some_and(|stem| w.strip_prefix(stem) == Some("aux"))
}

fn has_term(text: &[String], term: &str) -> bool {
    let t = words(term);
    !t.is_empty() && text.windows(t.len()).any(|win| win.iter().zip(&t).all(|(w, p)| same_word(w, p)))
}

/// A list whose items are links (references, a bibliography): titles of works stay in their
/// own language, so the list is not judged as prose.
fn references(b: &Block) -> bool {
    let cited = b.link_chars * 10 >= b.text.chars().filter(|c| c.is_alphanumeric() || *c == ' ').count() * 8;
    matches!(b.kind, Kind::List { items, .. } if b.links.len() >= items) || !b.links.is_empty() && cited
}

/// Text made mostly of code punctuation (`{ 'id'!: '' }`, `<gcds-table pagination="2"`):
/// code written as a paragraph, not prose.
fn code_like(text: &str) -> bool {
    let (mut marks, mut all) = (0, 0);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        marks += usize::from("{}[]<>=:;'\"/!?()".contains(c));
    }
    marks * 100 >= all * 15
}

/// A block left as it is in the other language. Lists of proper names, products, protocols or
/// acronyms (`Axe DevTools Pro Siteimprove`) are the same in both languages: a block counts
/// only when it has at least two lower-case words of three letters or more.
fn identical(s: &Block, t: &Block) -> bool {
    let words = Detector::judged_words(&t.text);
    let common = words.iter().filter(|w| w.chars().count() >= 3 && w.starts_with(char::is_lowercase)).count();
    s.text.to_lowercase() == t.text.to_lowercase() && words.len() >= 3 && common >= 2 && !code_like(&t.text)
}

/// Untranslated blocks, wrong-language prose and terminology.
pub(super) fn language(
    ctx: &Context<'_>,
    make: &Make<'_>,
    sb: &[Block],
    tb: &[Block],
    rows: &[(Option<usize>, Option<usize>)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    let mut same_as_source = vec![false; tb.len()];
    let mut same = Vec::new();
    for &(i, j) in rows {
        let (Some(i), Some(j)) = (i, j) else { continue };
        let (s, t) = (&sb[i], &tb[j]);
        if matches!(s.kind, Kind::Code { .. } | Kind::Html) || references(t) {
            continue;
        }
        if identical(s, t) {
            same_as_source[j] = true;
            let (sev, why) = match ctx.detector.wrong(&t.text, tl) {
                Some((code, _)) => (Severity::Error, format!(", and it is written in {code}")),
                None => (Severity::Warning, String::new()),
            };
            let msg = format!("this {} is identical in {sl} and {tl}{why}: “{}”", t.kind.name(), short(&t.text));
            same.push(make.at("language", sev, msg, Some(s), Some(t), "identical"));
        }
        terminology(ctx, make, s, t, &mut out);
    }
    for (blocks, lang, source_side) in [(sb, sl, true), (tb, tl, false)] {
        let mut found = if source_side { Vec::new() } else { std::mem::take(&mut same) };
        let mut judged = found.len();
        for (k, b) in blocks.iter().enumerate() {
            if !source_side && same_as_source[k] || matches!(b.kind, Kind::Code { .. } | Kind::Html) {
                continue;
            }
            if references(b) {
                continue;
            }
            judged += 1;
            // One finding per block, however many of its items are in the other language.
            let wrong: Vec<(&String, &'static str, f64)> =
                b.pieces.iter().filter_map(|p| ctx.detector.wrong(p, lang).map(|(c, m)| (p, c, m))).collect();
            if let Some(&(first, code, margin)) = wrong.first() {
                let of = if b.pieces.len() > 1 {
                    format!("{} of {} items of ", wrong.len(), b.pieces.len())
                } else {
                    String::new()
                };
                let msg = format!(
                    "{of}this {} of the {lang} page {} written in {code} (margin {margin:.2}): “{}”",
                    b.kind.name(),
                    if of.is_empty() { "is" } else { "are" },
                    short(first)
                );
                let (s, t) = if source_side { (Some(b), None) } else { (None, Some(b)) };
                found.push(make.at("language", Severity::Error, msg, s, t, first));
            }
        }
        // Most of a page in the other language: the page is untranslated, one finding.
        if found.len() >= 3 && found.len() * 2 > judged {
            let msg = format!(
                "the {lang} page is not translated: {} of its {judged} blocks are in the other language",
                found.len()
            );
            let (s, t) = if source_side { (blocks.first(), None) } else { (None, blocks.first()) };
            out.push(make.at("language", Severity::Error, msg, s, t, "page"));
        } else {
            out.append(&mut found);
        }
    }
    out
}

fn terminology(ctx: &Context<'_>, make: &Make<'_>, s: &Block, t: &Block, out: &mut Vec<Finding>) {
    let tl = ctx.target_lang;
    let (sw, tw) = (words(&s.text), words(&t.text));
    for (term, forms) in &ctx.settings.glossary {
        if !forms.accepted.is_empty() && has_term(&sw, term) && !forms.accepted.iter().any(|f| has_term(&tw, f)) {
            let msg = format!("“{term}” should be translated as {} in {tl}", quoted(&forms.accepted));
            out.push(make.at("terminology", Severity::Warning, msg, Some(s), Some(t), term));
        }
        for bad in forms.forbidden.iter().filter(|f| has_term(&tw, f)) {
            let msg = format!("“{bad}” is not an accepted translation of “{term}”: use {}", quoted(&forms.accepted));
            out.push(make.at("terminology", Severity::Error, msg, Some(s), Some(t), bad));
        }
    }
    for name in &ctx.settings.keep {
        let has = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric()).any(|w| w == name)
                || (name.contains(' ') && text.contains(name.as_str()))
        };
        if has(&s.text) && !has(&t.text) {
            let msg = format!("“{name}” is a name kept as it is, but the {tl} text does not have it");
            out.push(make.at("terminology", Severity::Warning, msg, Some(s), Some(t), name));
        }
    }
}

fn quoted(forms: &[String]) -> String {
    forms.iter().map(|f| format!("“{f}”")).collect::<Vec<_>>().join(" or ")
}

const NBSP: [char; 2] = ['\u{a0}', '\u{202f}'];

/// Places in French prose that lack a non-breaking space before `:` (and `;`, `!`, `?` when
/// `all`) or inside « ».
pub fn typography_slips(text: &str, all: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let bad = match c {
            ':' | ';' | '!' | '?' if c == ':' || all => {
                let url_or_time = next.is_some_and(|n| n == '/' || n.is_ascii_digit()) && c == ':';
                let doubled = prev.is_some_and(|p| "!?".contains(p));
                !url_or_time && !doubled && prev.is_some_and(|p| !NBSP.contains(&p)) && i > 0
            }
            '«' => next.is_some_and(|n| !NBSP.contains(&n)),
            '»' => prev.is_some_and(|p| !NBSP.contains(&p)),
            _ => false,
        };
        if bad {
            let from = i.saturating_sub(12);
            let to = (i + 12).min(chars.len());
            out.push(chars[from..to].iter().collect::<String>());
        }
    }
    out
}

/// French typography in the French page(s): info only.
pub(super) fn typography(ctx: &Context<'_>, make: &Make<'_>, sb: &[Block], tb: &[Block]) -> Vec<Finding> {
    let mut out = Vec::new();
    if !ctx.settings.typography {
        return out;
    }
    for (blocks, lang, source_side) in [(sb, ctx.source_lang, true), (tb, ctx.target_lang, false)] {
        if !is_french(lang) {
            continue;
        }
        for b in blocks.iter().filter(|b| !matches!(b.kind, Kind::Code { .. } | Kind::Html)) {
            let slips = typography_slips(&b.text, ctx.settings.typography_all);
            if let Some(first) = slips.first() {
                let msg = format!(
                    "{} place(s) lack a non-breaking space (U+00A0 or U+202F) before `:` or inside « »: “{}”",
                    slips.len(),
                    first.trim()
                );
                let (s, t) = if source_side { (Some(b), None) } else { (None, Some(b)) };
                out.push(make.at("typography", Severity::Info, msg, s, t, &slips.join("|")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_matching_tolerates_elision_and_inflection() {
        let text = words("L’Initiative mondiale et les programmes d’établissements régionaux");
        assert!(has_term(&text, "initiative mondiale"));
        assert!(has_term(&text, "programme"));
        assert!(has_term(&text, "établissement régional"));
        assert!(!has_term(&text, "initiative nationale"));
    }

    #[test]
    fn plain_text_of_the_expected_language_skips_the_model() {
        let fr = Detector::judged_words("Utilisez le composant pour les pages de votre site et des services.");
        assert!(clearly(&fr, "fr"));
        assert!(!clearly(&fr, "en"));
        let mixed = Detector::judged_words("Utilisez le composant for the pages de votre site.");
        assert!(!clearly(&mixed, "fr"));
    }

    #[test]
    fn typography_accepts_both_spaces_and_skips_urls_and_times() {
        assert!(typography_slips("Légende\u{a0}: « oui\u{202f}» et «\u{a0}non\u{a0}»", false).len() == 1);
        assert!(typography_slips("Voir https://x.ca à 10:30\u{a0}: bien.", false).is_empty());
        assert_eq!(typography_slips("Légende : non", false).len(), 1);
        assert!(typography_slips("Quoi ? Oui !", false).is_empty());
        assert_eq!(typography_slips("Quoi ? Oui !", true).len(), 2);
    }
}
