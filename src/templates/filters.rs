//! Zola's template filters that Tera lacks or that need a locale: `markdown`, `date` with
//! `locale`, `num_format`, `base64_encode`/`base64_decode`, `regex_replace`.
//!
//! Input: a value and its arguments. Output: the filtered value. Failure: a `tera::Error`
//! naming the filter and the argument.

use std::collections::HashMap;

use base64::Engine;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::Value;
use tera::{Error, Filter, Result};

type Args = HashMap<String, Value>;

/// `markdown(inline=false)`: CommonMark with the extensions the site's `[markdown]` table
/// turns on, as for pages; no shortcodes.
pub struct Markdown(pub pulldown_cmark::Options);

impl Filter for Markdown {
    fn filter(&self, value: &Value, args: &Args) -> Result<Value> {
        let text = value.as_str().ok_or_else(|| Error::msg("`markdown` filters a string"))?;
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(text, self.0);
        pulldown_cmark::html::push_html(&mut html, parser);
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

/// `date(format="%Y-%m-%d", locale="fr_FR")`: like Tera's, with month and day names in the
/// locale's language (chrono's locales).
pub struct Date;

impl Filter for Date {
    fn filter(&self, value: &Value, args: &Args) -> Result<Value> {
        let format = args.get("format").and_then(Value::as_str).unwrap_or("%Y-%m-%d");
        let dt: NaiveDateTime = match value {
            Value::Number(n) => n
                .as_i64()
                .and_then(|t| DateTime::from_timestamp(t, 0))
                .map(|d| d.naive_utc())
                .ok_or_else(|| Error::msg("`date`: not a timestamp"))?,
            Value::String(s) => parse_date(s).ok_or_else(|| Error::msg(format!("`date`: `{s}` is not a date")))?,
            Value::Null => return Err(Error::msg("`date`: the value is empty (no date set?)")),
            other => return Err(Error::msg(format!("`date` filters a date, not {other}"))),
        };
        let out = match args.get("locale").and_then(Value::as_str) {
            Some(l) => {
                let full = match l {
                    "fr" => "fr_CA".to_string(),
                    "en" => "en_CA".to_string(),
                    other => other.replace('-', "_"),
                };
                let locale = chrono::Locale::try_from(full.as_str())
                    .map_err(|_| Error::msg(format!("`date`: unknown locale `{l}` (try fr_CA or en_CA)")))?;
                let mut s = dt.and_utc().format_localized(format, locale).to_string();
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
            None => dt.format(format).to_string(),
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
