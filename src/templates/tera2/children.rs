//! Child templates as Zola 0.23 reads them: Tera 2.0 ignored what a child template
//! (`{% extends %}`) holds outside its blocks; Tera 2.4 refuses it. Zola's own test site has
//! such a template, and themes may, so the text and tags at the top level of a child
//! template, outside `{% block %}` and `{% component %}`, are taken out before Tera 2 reads
//! it, as Tera 2.0 left them out of the page. Their lines stay, empty, so messages keep
//! their line numbers.
//!
//! Input: a template's text. Output: the same text, or, for a child template with such
//! content, the text without it. Failure: none: a template this cannot read (an unclosed
//! tag) is left as it is, for Tera 2 to report.

/// `text` without the top-level content of a child template; see the module docs.
pub fn without_top_level_content(text: &str) -> String {
    let Some(tags) = tags(text) else { return text.to_string() };
    // A child template starts with `extends`, after nothing but comments and blanks.
    let first = tags.iter().find(|t| !t.comment);
    let Some(extends) = first.filter(|t| t.word == "extends") else { return text.to_string() };
    let mut before = text[..extends.start].to_string();
    for c in tags.iter().filter(|t| t.comment && t.end <= extends.start).rev() {
        before.replace_range(c.start..c.end, "");
    }
    if !before.trim().is_empty() {
        return text.to_string();
    }
    let mut keep: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut opened_at = 0;
    for t in &tags {
        if t.comment {
            continue;
        }
        match t.word.as_str() {
            "block" | "component" => {
                if depth == 0 {
                    opened_at = t.start;
                }
                depth += 1;
            }
            "endblock" | "endcomponent" if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    keep.push((opened_at, t.end));
                }
            }
            "extends" if depth == 0 => keep.push((t.start, t.end)),
            _ => {}
        }
    }
    if depth != 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in keep {
        blank(&text[at..start], &mut out);
        out.push_str(&text[start..end]);
        at = end;
    }
    blank(&text[at..], &mut out);
    out
}

/// Keeps only the line breaks of `dropped`.
fn blank(dropped: &str, out: &mut String) {
    out.extend(dropped.chars().filter(|&c| c == '\n'));
}

/// A `{% … %}` tag (or a `{# … #}` comment): its span and first word.
struct Tag {
    start: usize,
    end: usize,
    word: String,
    comment: bool,
}

/// Every tag and comment of `text`, `{% raw %}` bodies skipped; `None` when one is not closed.
fn tags(text: &str) -> Option<Vec<Tag>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find(['{']).map(|i| at + i) {
        let rest = &text[i..];
        let (close, comment) = if rest.starts_with("{%") {
            ("%}", false)
        } else if rest.starts_with("{#") {
            ("#}", true)
        } else {
            at = i + 1;
            continue;
        };
        let end = i + 2 + rest[2..].find(close)? + 2;
        let inner = text[i + 2..end - 2].trim_matches(['-', '+', ' ', '\t', '\n', '\r']);
        let word: String = inner.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        at = end;
        if word == "raw" && !comment {
            let close_raw = text[at..].find("endraw")?;
            let after = at + close_raw + text[at + close_raw..].find("%}")? + 2;
            out.push(Tag { start: i, end: after, word: "raw".into(), comment: false });
            at = after;
            continue;
        }
        out.push(Tag { start: i, end, word, comment });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::without_top_level_content as strip;

    #[test]
    fn a_child_template_loses_what_is_outside_its_blocks() {
        let child = "{% extends \"index.html\" %}\n\nA child\n\n{% include \"x.html\" %}\n{% block content %}in {% block inner %}deep{% endblock inner %}{% endblock content %}\ntail";
        assert_eq!(
            strip(child),
            "{% extends \"index.html\" %}\n\n\n\n\n{% block content %}in {% block inner %}deep{% endblock inner %}{% endblock content %}\n"
        );
    }

    #[test]
    fn other_templates_are_left_as_they_are() {
        for text in [
            "{# a comment #}\n<p>{% if x %}y{% endif %}</p>",
            "text {% extends \"late.html\" %}",
            "{% extends \"a.html\" %}{% block b %}never closed",
            "{% extends \"a.html\" %}{% block b %}{% raw %}{% endblock b %}{% endraw %}",
        ] {
            assert_eq!(strip(text), text);
        }
        let commented = "{# note #}{% extends \"a.html\" %}x{% component c() %}y{% endcomponent c %}";
        assert_eq!(strip(commented), "{% extends \"a.html\" %}{% component c() %}y{% endcomponent c %}");
    }
}
