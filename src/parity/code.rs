//! What of a code block must stay the same in both languages.
//!
//! Input: a code block's text and its language tag. Output: its *skeleton*: the code with its
//! comments (`//`, `/* */`, `#` lines, `<!-- -->`) and the contents of its string values left
//! out, and, in markup (HTML, XML, or code that starts with `<`), the text between tags and
//! the attribute values left out too. A string followed by `:` is a key (JSON, YAML, objects)
//! and is kept. Two code blocks whose skeletons are equal differ only by what a translator may
//! translate. Never fails; linear in the length of the code.

/// A code block's language tag with its common aliases made one (`js` and `javascript`).
pub fn language(tag: &str) -> &str {
    let tag = tag.split([' ', ',', '{']).next().unwrap_or("").trim();
    match tag {
        "js" | "javascript" | "mjs" | "node" => "javascript",
        "ts" | "typescript" => "typescript",
        "sh" | "bash" | "shell" | "zsh" | "console" => "shell",
        "yml" | "yaml" => "yaml",
        "py" | "python" | "python3" => "python",
        "md" | "markdown" => "markdown",
        "htm" | "html" | "xhtml" => "html",
        other => other,
    }
}

/// The code without what may be translated, whitespace collapsed.
pub fn skeleton(code: &str, lang: &str) -> String {
    let markup = matches!(lang, "html" | "xml" | "svg" | "vue" | "jsx" | "tsx" | "njk" | "liquid")
        || code.trim_start().starts_with('<');
    let hash_comments =
        matches!(lang, "" | "sh" | "bash" | "shell" | "python" | "py" | "toml" | "yaml" | "yml" | "ruby");
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    let mut in_tag = false;
    let mut line_start = true;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let rest_starts = |s: &str| s.chars().enumerate().all(|(k, x)| chars.get(i + k) == Some(&x));
        if rest_starts("<!--") {
            i = find(&chars, i + 4, "-->").map_or(chars.len(), |e| e + 3);
            continue;
        }
        if c == '/' && next == Some('*') {
            i = find(&chars, i + 2, "*/").map_or(chars.len(), |e| e + 2);
            continue;
        }
        if c == '/' && next == Some('/') && i.checked_sub(1).is_none_or(|p| chars[p] != ':') {
            i = find(&chars, i, "\n").unwrap_or(chars.len());
            continue;
        }
        if c == '#' && line_start && hash_comments {
            i = find(&chars, i, "\n").unwrap_or(chars.len());
            continue;
        }
        if c.is_whitespace() {
            if c == '\n' {
                line_start = true;
            }
            if !out.ends_with(' ') {
                out.push(' ');
            }
            i += 1;
            continue;
        }
        line_start = false;
        if markup && !in_tag && c != '<' {
            // Text between tags may be translated.
            i += 1;
            continue;
        }
        if markup && c == '<' {
            in_tag = true;
        } else if markup && c == '>' {
            in_tag = false;
        }
        if c == '“' || c == '«' {
            // Typographic quotes are never code syntax: what they hold is prose, a key or not.
            let close = if c == '“' { '”' } else { '»' };
            let end = (i + 1..chars.len()).find(|&k| chars[k] == close || chars[k] == '\n').unwrap_or(chars.len());
            out.push_str("“”");
            i = end + 1;
            continue;
        }
        if c == '"' || c == '`' || (c == '\'' && !markup) || (c == '\'' && in_tag) {
            let end = (i + 1..chars.len()).find(|&k| (chars[k] == c && chars[k - 1] != '\\') || chars[k] == '\n');
            let end = end.unwrap_or(chars.len());
            let after = (end + 1..chars.len()).find(|&k| !chars[k].is_whitespace() || chars[k] == '\n');
            let key = after.is_some_and(|k| chars[k] == ':') && !in_tag;
            if key {
                out.extend(&chars[i..(end + 1).min(chars.len())]);
            } else {
                out.push(c);
                out.push(c);
            }
            i = end + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.trim().to_string()
}

fn find(chars: &[char], from: usize, pat: &str) -> Option<usize> {
    let p: Vec<char> = pat.chars().collect();
    (from..chars.len()).find(|&k| chars[k..].starts_with(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_string_values_may_be_translated() {
        let en = "// Load the page\nconst title = \"Home\"; /* note */\n";
        let fr = "// Charger la page\nconst title = \"Accueil\"; /* remarque */\n";
        assert_eq!(skeleton(en, "js"), skeleton(fr, "js"));
        assert_eq!(skeleton("# the key\nname = \"x\"\n", "toml"), skeleton("# la clé\nname = \"y\"\n", "toml"));
    }

    #[test]
    fn typographic_quotes_hold_prose_and_aliases_are_one_language() {
        assert_eq!(skeleton("“1st link label”: “href”", ""), skeleton("“Étiquette du 1er lien”: “href”", ""));
        assert_eq!(language("js"), language("javascript"));
        assert_ne!(language("js"), language("json"));
    }

    #[test]
    fn keys_identifiers_and_structure_may_not() {
        assert_ne!(skeleton("{\"reference\": \"a\"}", "json"), skeleton("{\"référence\": \"a\"}", "json"));
        assert_ne!(skeleton("const title = 1;", "js"), skeleton("const titre = 1;", "js"));
        assert_ne!(skeleton("<gcds-button>Go</gcds-button>", "html"), skeleton("<gcds-lien>Aller</gcds-lien>", "html"));
    }

    #[test]
    fn markup_text_and_attribute_values_may_be_translated() {
        let en = "<gcds-button type=\"submit\" label='Send it'>Send</gcds-button>\n<!-- a note -->";
        let fr = "<gcds-button type=\"submit\" label='Envoyez-le'>L’envoyer</gcds-button>";
        assert_eq!(skeleton(en, "html"), skeleton(fr, "html"));
        assert_eq!(skeleton("see https://x.ca/a", "js"), "see https://x.ca/a");
    }
}
