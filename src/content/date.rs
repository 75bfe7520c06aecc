//! Front matter dates, parsed as Zola parses them.
//!
//! Input: a TOML date, date-time or string (`2021-11-20`, `2021-11-20T09:30:00`,
//! `2021-11-20 09:30:00`, with or without an offset). Output: a [`FrontDate`] that keeps the
//! text as written (templates see it, as in Zola) and the parsed value (for sorting, feeds,
//! sitemap). Failure: a serde error naming the accepted forms.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date from front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontDate {
    /// The date as written (normalized to TOML's form for TOML dates).
    pub text: String,
    /// The date and time, in the offset given, or naive (treated as UTC) when none was.
    pub value: NaiveDateTime,
    /// The offset, when one was given.
    pub offset: Option<FixedOffset>,
}

impl FrontDate {
    /// Parses a date the way Zola accepts it in front matter.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Some(Self { text: t.into(), value: dt.naive_local(), offset: Some(*dt.offset()) });
        }
        if let Ok(dt) = DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%:z") {
            return Some(Self { text: t.into(), value: dt.naive_local(), offset: Some(*dt.offset()) });
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
            if let Ok(value) = NaiveDateTime::parse_from_str(t, fmt) {
                return Some(Self { text: t.into(), value, offset: None });
            }
        }
        NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(|d| Self {
            text: t.into(),
            value: d.and_time(NaiveTime::MIN),
            offset: None,
        })
    }

    /// A date-prefixed file name as Zola reads it: `2024-01-02-name` or `2024-01-02_name`
    /// (with an optional `T10:00:00`) gives the date and the rest of the name.
    pub fn from_file_name(name: &str) -> Option<(Self, &str)> {
        let date_len =
            if name.len() > 19 && Self::parse(&name[..19]).is_some() && name.as_bytes()[10] == b'T' { 19 } else { 10 };
        let (date, rest) = (name.get(..date_len)?, name.get(date_len..)?);
        let rest = rest.strip_prefix(['-', '_'])?;
        if rest.is_empty() || date.len() < 10 || !date.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some((Self::parse(date)?, rest))
    }

    /// The date as RFC 3339 (feeds, sitemap), UTC when no offset was given.
    pub fn to_rfc3339(&self) -> String {
        let offset = self.offset.unwrap_or_else(|| chrono::Utc.fix());
        match self.value.and_local_timezone(offset).single() {
            Some(dt) => dt.to_rfc3339(),
            None => format!("{}Z", self.value.format("%Y-%m-%dT%H:%M:%S")),
        }
    }

    /// The date as RFC 2822 (RSS feeds), `Mon, 01 Jan 2024 00:00:00 +0000`, UTC when no
    /// offset was given.
    pub fn to_rfc2822(&self) -> String {
        let offset = self.offset.unwrap_or_else(|| chrono::Utc.fix());
        let format = "%a, %d %b %Y %H:%M:%S %z";
        match self.value.and_local_timezone(offset).single() {
            Some(dt) => dt.format(format).to_string(),
            None => self.value.and_utc().format(format).to_string(),
        }
    }

    /// `YYYY-MM-DD`, as "Date modified" shows it.
    pub fn iso_date(&self) -> String {
        self.value.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for FrontDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for FrontDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for FrontDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        const EXPECTED: &str = "a date such as 2021-11-20 or 2021-11-20T09:30:00-05:00";
        impl<'de> Visitor<'de> for V {
            type Value = FrontDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FrontDate, E> {
                FrontDate::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not {EXPECTED}")))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<FrontDate, A::Error> {
                let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let text = dt.to_string();
                FrontDate::parse(&text).ok_or_else(|| de::Error::custom(format!("`{text}` is not {EXPECTED}")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        d: FrontDate,
    }

    #[test]
    fn date_prefixed_file_names_as_zola_reads_them() {
        let got = |n: &str| FrontDate::from_file_name(n).map(|(d, rest)| (d.iso_date(), rest.to_string()));
        assert_eq!(got("2024-01-02-hello"), Some(("2024-01-02".into(), "hello".into())));
        assert_eq!(got("2024-01-02_hello-world"), Some(("2024-01-02".into(), "hello-world".into())));
        assert_eq!(got("2024-01-02T10:00:00-x"), Some(("2024-01-02".into(), "x".into())));
        for plain in ["hello", "2024-01-02", "2024-13-02-x", "20240102-x", "1234-ab"] {
            assert_eq!(got(plain), None, "{plain}");
        }
    }

    #[test]
    fn accepts_zola_forms() {
        for (src, iso, rfc) in [
            ("d = 2021-11-20", "2021-11-20", "2021-11-20T00:00:00+00:00"),
            ("d = 2021-11-20T09:30:00-05:00", "2021-11-20", "2021-11-20T09:30:00-05:00"),
            ("d = \"2021-11-20\"", "2021-11-20", "2021-11-20T00:00:00+00:00"),
            ("d = \"2021-11-20 09:30:00\"", "2021-11-20", "2021-11-20T09:30:00+00:00"),
            ("d = 2021-11-20T09:30:00", "2021-11-20", "2021-11-20T09:30:00+00:00"),
        ] {
            let t: T = toml::from_str(src).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert_eq!(t.d.iso_date(), iso, "{src}");
            assert_eq!(t.d.to_rfc3339(), rfc, "{src}");
        }
    }

    #[test]
    fn rss_dates_as_rfc_2822_writes_them() {
        for (src, rfc) in [
            ("d = 2021-11-02", "Tue, 02 Nov 2021 00:00:00 +0000"),
            ("d = 2021-11-20T09:30:00-05:00", "Sat, 20 Nov 2021 09:30:00 -0500"),
        ] {
            let t: T = toml::from_str(src).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert_eq!(t.d.to_rfc2822(), rfc, "{src}");
        }
    }

    #[test]
    fn rejects_other_text_with_the_accepted_forms() {
        let err = toml::from_str::<T>("d = \"20 nov 2021\"").err().unwrap();
        assert!(err.message().contains("is not a date such as 2021-11-20"), "{err}");
    }
}
