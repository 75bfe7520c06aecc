//! Names in the configuration: language codes and their display names, and where a key is
//! written in `config.toml` (for messages that point at it).
//!
//! Input: strings from the config. Output: answers; nothing here fails.

/// Whether `code` reads as a BCP 47 language tag (`fr`, `en-CA`, `iu-Latn`).
pub(super) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The name a language shows in toggles: the config's, else the language's own name for
/// the few cahier knows, else its code.
pub(super) fn language_name(code: &str, given: Option<&str>) -> String {
    if let Some(name) = given {
        return name.to_string();
    }
    match code.split('-').next().unwrap_or(code) {
        "en" => "English",
        "fr" => "Français",
        "es" => "Español",
        "de" => "Deutsch",
        "iu" => "ᐃᓄᒃᑎᑐᑦ",
        _ => code,
    }
    .to_string()
}

/// Byte offset of the first line that sets `key` (for messages about resolved values); a key
/// written `[table] key` is looked for below that table's header.
pub(super) fn find_key(text: &str, key: &str) -> usize {
    let (header, key) = match key.split_once("] ") {
        Some((table, key)) => (Some(format!("{table}]")), key),
        None => (None, key),
    };
    let mut offset = 0;
    let mut in_table = header.is_none();
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(h) = &header
            && t.starts_with('[')
        {
            in_table = t.trim_end() == h;
        }
        if in_table && t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    0
}
