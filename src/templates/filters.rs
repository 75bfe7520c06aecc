//! Zola's template filters that Tera lacks or that need a locale: `markdown`, `date` with
//! `locale`, `num_format`, `base64_encode`/`base64_decode`, `regex_replace`.
//!
//! Input: a value and its arguments. Output: the filtered value. Failure: a `tera::Error`
//! naming the filter and the argument.

use std::collections::HashMap;

use base64::Engine;
use std::fmt::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use serde_json::Value;
use tera::{Error, Filter, Result};

type Args = HashMap<String, Value>;

/// `markdown(inline=false)`: CommonMark with the extensions the site's `[markdown]` table
/// turns on, code blocks as on pages (`linenos`, `hl_lines`, …, highlighted when the table
/// says so); no shortcodes.
pub struct Markdown {
    pub options: pulldown_cmark::Options,
    /// The site's `[markdown]`: whether and how code blocks are highlighted, as on pages.
    pub config: crate::config::MarkdownConfig,
    /// The syntaxes for code blocks, loaded the first time a filtered text holds one (a
    /// template filter has no access to the build's).
    pub highlighter: std::sync::OnceLock<crate::markdown::Highlighter>,
}

impl Markdown {
    pub fn new(config: &crate::config::MarkdownConfig) -> Self {
        Markdown {
            options: crate::markdown::options(config),
            config: config.clone(),
            highlighter: std::sync::OnceLock::new(),
        }
    }
}

/// `events` with each code block's events replaced by its HTML as on pages
/// ([`block_html`](crate::markdown::block_html)).
fn code_blocks<'a>(events: impl Iterator<Item = Event<'a>>, markdown: &Markdown) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut block: Option<(CodeBlockKind<'a>, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => block = Some((kind, String::new())),
            Event::End(TagEnd::CodeBlock) => {
                if let Some((kind, code)) = block.take() {
                    let config = &markdown.config;
                    let highlighter = config
                        .highlight_code
                        .then(|| markdown.highlighter.get_or_init(|| crate::markdown::Highlighter::for_config(config)));
                    let (html, _) = crate::markdown::block_html(highlighter, config.data_attr_position, &kind, &code);
                    out.push(Event::Html(html.into()));
                }
            }
            Event::Text(text) if block.is_some() => block.iter_mut().for_each(|(_, code)| code.push_str(&text)),
            event => out.push(event),
        }
    }
    out
}

impl Filter for Markdown {
    fn filter(&self, value: &Value, args: &Args) -> Result<Value> {
        let text = value.as_str().ok_or_else(|| Error::msg("`markdown` filters a string"))?;
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(text, self.options);
        pulldown_cmark::html::push_html(&mut html, code_blocks(parser, self).into_iter());
        if args.get("inline").and_then(Value::as_bool).unwrap_or(false) {
            let t = html.trim_end();
            if let Some(inner) = t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
                if !inner.contains("<p>") {
                    html = inner.to_string();
                }
            }
        }
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The date a template value holds: a timestamp, or a text as front matter writes dates. A
/// date without a time zone is taken as UTC, as Tera takes it (`%+` then shows `+00:00`);
/// one with an offset keeps it. `what` names the filter or test in the error.
pub fn date_of(value: &Value, what: &str) -> Result<DateTime<FixedOffset>> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .map(|d| d.fixed_offset())
            .ok_or_else(|| Error::msg(format!("`{what}`: not a timestamp"))),
        Value::String(s) => DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .or_else(|| parse_date(s).map(|d| d.and_utc().fixed_offset()))
            .ok_or_else(|| Error::msg(format!("`{what}`: `{s}` is not a date"))),
        Value::Null => Err(Error::msg(format!("`{what}`: the value is empty (no date set?)"))),
        other => Err(Error::msg(format!("`{what}` takes a date, not {other}"))),
    }
}

/// `date(format="%Y-%m-%d", locale="fr_FR")`: like Tera's, with month and day names in the
/// locale's language (chrono's locales).
pub struct Date;

impl Filter for Date {
    fn filter(&self, value: &Value, args: &Args) -> Result<Value> {
        let format = args.get("format").and_then(Value::as_str).unwrap_or("%Y-%m-%d");
        let dt = date_of(value, "date")?;
        let bad_format = || Error::msg(format!("`date`: `{format}` is not a date format chrono knows"));
        let out = match args.get("locale").and_then(Value::as_str) {
            Some(l) => {
                let full = match l {
                    "fr" => "fr_CA".to_string(),
                    "en" => "en_CA".to_string(),
                    other => other.replace('-', "_"),
                };
                let locale = chrono::Locale::try_from(full.as_str())
                    .map_err(|_| Error::msg(format!("`date`: unknown locale `{l}` (try fr_CA or en_CA)")))?;
                let mut s = String::new();
                write!(s, "{}", dt.format_localized(format, locale)).map_err(|_| bad_format())?;
                // French writes the first day of the month as an ordinal: « 1er août ».
                if l.starts_with("fr")
                    && (format.contains("%e") || format.contains("%-d"))
                    && dt.format("%e").to_string().trim() == "1"
                {
                    s = s.replacen(" 1 ", " 1er ", 1);
                    if s.starts_with("1 ") {
                        s = s.replacen("1 ", "1er ", 1);
                    }
                }
                s
            }
            None => {
                let mut s = String::new();
                write!(s, "{}", dt.format(format)).map_err(|_| bad_format())?;
                s
            }
        };
        // Spaces are kept, as Tera keeps them: a format may start with one (`" %b %Y"`).
        Ok(Value::String(out))
    }
}

fn parse_date(s: &str) -> Option<NaiveDateTime> {
    crate::content::date::FrontDate::parse(s)
        .map(|d| d.value)
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| d.and_time(chrono::NaiveTime::MIN)))
}

/// `num_format(locale="fr")`: thousands separators by language (`1,234` / `1 234`).
pub struct NumFormat;

impl Filter for NumFormat {
    fn filter(&self, value: &Value, args: &Args) -> Result<Value> {
        let n = value.as_i64().ok_or_else(|| Error::msg("`num_format` filters a whole number"))?;
        let sep = match args.get("locale").and_then(Value::as_str).unwrap_or("en") {
            l if l.starts_with("fr") => '\u{a0}',
            _ => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        Ok(Value::String(if n < 0 { format!("-{out}") } else { out }))
    }
}

/// `base64_encode` and `base64_decode`.
pub struct Base64 {
    pub encode: bool,
}

impl Filter for Base64 {
    fn filter(&self, value: &Value, _: &Args) -> Result<Value> {
        let s = value.as_str().ok_or_else(|| Error::msg("base64 filters a string"))?;
        let engine = base64::engine::general_purpose::STANDARD;
        if self.encode {
            return Ok(Value::String(engine.encode(s)));
        }
        let bytes = engine.decode(s).map_err(|e| Error::msg(format!("`base64_decode`: {e}")))?;
        String::from_utf8(bytes).map(Value::String).map_err(|_| Error::msg("`base64_decode`: not UTF-8 text"))
    }
}

/// `regex_replace(pattern, rep)`.
pub struct RegexReplace;

impl Filter for RegexReplace {
    fn filter(&self, value: &Value, args: &Args) -> Result<Value> {
        let s = value.as_str().ok_or_else(|| Error::msg("`regex_replace` filters a string"))?;
        let pattern =
            args.get("pattern").and_then(Value::as_str).ok_or_else(|| Error::msg("`regex_replace` needs `pattern`"))?;
        let rep = args.get("rep").and_then(Value::as_str).ok_or_else(|| Error::msg("`regex_replace` needs `rep`"))?;
        let re = regex::Regex::new(pattern).map_err(|e| Error::msg(format!("`regex_replace`: {e}")))?;
        Ok(Value::String(re.replace_all(s, rep).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(pairs: &[(&str, &str)]) -> Args {
        pairs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect()
    }

    #[test]
    fn markdown_highlights_code_as_pages_do_when_the_site_says_so() {
        let text = json!("Run:\n\n```rust,hl_lines=1\nfn main() {}\n```\n");
        let filtered = |toml: &str| {
            let toml = format!("base_url = \"https://example.org\"\n{toml}");
            let root = std::path::Path::new(".");
            let config = crate::config::Config::parse(&toml, root, root, &Default::default()).unwrap();
            let html = Markdown::new(&config.markdown).filter(&text, &Args::new()).unwrap();
            html.as_str().unwrap().strip_prefix("<p>Run:</p>\n").unwrap().to_string()
        };
        // Zola before 0.22: classes.
        let classed = filtered("[markdown]\nhighlight_code = true\nhighlight_theme = \"base16-ocean-dark\"");
        let start = "<pre class=\"language-rust z-code\"><code class=\"language-rust\" data-lang=\"rust\"><mark><span class=\"z-source z-rust\">";
        assert!(classed.starts_with(start), "{classed}");
        assert!(classed.contains("<span class=\"z-entity z-name z-function z-rust\">main</span>"), "{classed}");
        // Zola 0.22: the theme's colours inline.
        let inline = filtered("[markdown.highlighting]\ntheme = \"github-dark\"");
        assert!(inline.starts_with("<pre class=\"language-rust z-code\" style=\"color: #"), "{inline}");
        assert!(inline.contains("><mark><span style=\"color:#") && !inline.contains("class=\"z-source"), "{inline}");
        let plain = "<pre class=\"language-rust\"><code class=\"language-rust\" data-lang=\"rust\"><mark>fn main() {}</mark>\n</code></pre>\n";
        assert_eq!(filtered(""), plain);
    }

    #[test]
    fn date_in_both_languages() {
        let en = Date.filter(&json!("2026-11-21"), &args(&[("format", "%B %e, %Y"), ("locale", "en_CA")])).unwrap();
        assert_eq!(en, json!("November 21, 2026"));
        let fr = Date.filter(&json!("2026-11-21"), &args(&[("format", "%e %B %Y"), ("locale", "fr_CA")])).unwrap();
        assert_eq!(fr, json!("21 novembre 2026"));
        let first = Date.filter(&json!("2009-08-01"), &args(&[("format", "%e %B %Y"), ("locale", "fr_CA")])).unwrap();
        // `%e` pads to two places, as in Tera: the space stays.
        assert_eq!(first, json!(" 1er août 2009"));
        let spaced = Date.filter(&json!("2023-08-09"), &args(&[("format", " %b %Y")])).unwrap();
        assert_eq!(spaced, json!(" Aug 2023"));
        // A date without a zone is UTC, as in Tera; an offset is kept; a bad format is an error.
        let utc = Date.filter(&json!("2023-08-09"), &args(&[("format", "%+")])).unwrap();
        assert_eq!(utc, json!("2023-08-09T00:00:00+00:00"));
        let offset = Date.filter(&json!("2023-08-09T10:00:00-04:00"), &args(&[("format", "%+")])).unwrap();
        assert_eq!(offset, json!("2023-08-09T10:00:00-04:00"));
        let err = Date.filter(&json!("2023-08-09"), &args(&[("format", "%Q")])).unwrap_err();
        assert!(err.to_string().contains("not a date format"), "{err}");
        let unpadded = Date.filter(&json!("2009-08-01"), &args(&[("format", "%-d %B %Y"), ("locale", "fr")])).unwrap();
        assert_eq!(unpadded, json!("1er août 2009"));
        let en = Date.filter(&json!("2009-08-01"), &args(&[("format", "%B %-d, %Y"), ("locale", "en")])).unwrap();
        assert_eq!(en, json!("August 1, 2009"));
    }

    #[test]
    fn numbers_by_language() {
        assert_eq!(NumFormat.filter(&json!(300000), &args(&[("locale", "fr")])).unwrap(), json!("300\u{a0}000"));
        assert_eq!(NumFormat.filter(&json!(-1234567), &Args::new()).unwrap(), json!("-1,234,567"));
    }
}
