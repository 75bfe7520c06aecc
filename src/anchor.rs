//! Anchor ids made from text, by the site's `slugify.anchors` strategy. Heading ids (the
//! Markdown stage) and the forms of a redacted text the audit looks for (the redaction stage)
//! are made by this one function, in a module of its own so that neither stage imports the
//! other for it. Never fails.

use crate::config::SlugStrategy;

/// Characters dropped from an id by the `safe` strategy: they would need escaping in a URL
/// fragment or an HTML attribute.
const UNSAFE_IN_IDS: &[char] = &['<', '>', '"', '\'', '&', '#', '%', '?', '/', '\\', '`'];

/// Turns a heading's text into an id with a slugify strategy.
///
/// `on`: the `slug` crate (ASCII, accents transliterated, lowercase, `-` between words).
/// `safe`: the text kept as written (Unicode included), whitespace replaced by `_` as Zola
/// does, and characters that are unsafe in a URL fragment removed. `off`: as written, only
/// whitespace replaced by `_` (an id cannot hold whitespace).
pub fn slugify_anchor(text: &str, strategy: SlugStrategy) -> String {
    let text = text.trim();
    match strategy {
        SlugStrategy::On => slug::slugify(text),
        SlugStrategy::Safe => text
            .chars()
            .filter(|c| !UNSAFE_IN_IDS.contains(c) && !c.is_control())
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect(),
        SlugStrategy::Off => text.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect(),
    }
}
