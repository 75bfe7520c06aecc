//! Numbers in prose, read by value with the rules of the text's language, so that
//! `300 000 $` (French) and `$300,000` (English) are the same number.
//!
//! Input: the plain text of a block and its language. Output: the [`Number`]s in it, each
//! with its value and whether it is written in the other language's style (a *format slip*,
//! e.g. `$300,000` or `5%` in French prose). Never fails: text that is not a number is
//! skipped. Digits glued to letters (`M5`, `G7`) are identifiers, not quantities.

/// A number found in prose.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The value, scale words applied (`21 million` is 21 000 000).
    pub value: f64,
    /// The text as written.
    pub text: String,
    /// Written in the other language's style.
    pub slip: bool,
}

/// Whether a language code uses the French number rules.
pub fn is_french(lang: &str) -> bool {
    lang == "fr" || lang.starts_with("fr-")
}

const GROUP_SPACES: [char; 4] = [' ', '\u{a0}', '\u{2009}', '\u{202f}'];

/// Scale words by language: (word, factor). French `billion` is 10¹² (a false friend).
fn scale(word: &str, french: bool) -> Option<f64> {
    let w = word.to_lowercase();
    let table: &[(&str, f64)] = if french {
        &[
            ("mille", 1e3),
            ("million", 1e6),
            ("millions", 1e6),
            ("milliard", 1e9),
            ("milliards", 1e9),
            ("billion", 1e12),
            ("billions", 1e12),
            ("m$", 1e6),
            ("g$", 1e9),
            ("k$", 1e3),
        ]
    } else {
        &[
            ("thousand", 1e3),
            ("million", 1e6),
            ("millions", 1e6),
            ("billion", 1e9),
            ("billions", 1e9),
            ("trillion", 1e12),
        ]
    };
    table.iter().find(|(k, _)| *k == w).map(|(_, f)| *f)
}

/// Finds the numbers of `text`, read with the rules of `lang`.
pub fn extract(text: &str, lang: &str) -> Vec<Number> {
    let french = is_french(lang);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        let (mut n, mut slip, end) = read_number(&chars, i, french);
        i = end;
        // Glued letters: ordinals (1st, 1er, 2e) stay numbers; anything else is an identifier.
        let word_end = (i..chars.len()).find(|&j| !chars[j].is_alphabetic()).unwrap_or(chars.len());
        if word_end > i {
            let suffix: String = chars[i..word_end].iter().collect::<String>().to_lowercase();
            let ordinal = ["st", "nd", "rd", "th", "er", "re", "e", "ème", "eme", "es"].contains(&suffix.as_str());
            // Units glued to the number (`1140px`, `1.25rem`, `30s`) keep it a quantity.
            let unit = ["px", "rem", "em", "pt", "ms", "s", "h", "min", "kb", "mb", "gb", "km", "kg", "x", "vh", "vw"]
                .contains(&suffix.as_str());
            if !ordinal && !unit {
                i = word_end;
                continue;
            }
            i = word_end;
        }
        // Percent, currency and scale words after the number.
        let mut j = i;
        let space = j < chars.len() && GROUP_SPACES.contains(&chars[j]);
        if space {
            j += 1;
        }
        if j < chars.len() && chars[j] == '%' {
            slip |= french != space;
            i = j + 1;
        } else {
            let w_end =
                (j..chars.len()).find(|&k| !(chars[k].is_alphabetic() || chars[k] == '$')).unwrap_or(chars.len());
            let word: String = chars[j..w_end].iter().collect();
            if let Some(f) = scale(&word, french).filter(|_| space) {
                n *= f;
                i = w_end;
            }
        }
        if start > 0 && chars[start - 1] == '$' && french {
            slip = true;
        }
        let text: String = chars[start..i].iter().collect();
        out.push(Number { value: n, text: text.trim().to_string(), slip });
    }
    out
}

/// Reads digits, groups and decimals from `i`; returns (value, slip, end).
fn read_number(chars: &[char], mut i: usize, french: bool) -> (f64, bool, usize) {
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[s..*i].iter().collect::<String>()
    };
    let three_digits_at = |k: usize| {
        k + 3 <= chars.len()
            && chars[k..k + 3].iter().all(char::is_ascii_digit)
            && chars.get(k + 3).is_none_or(|c| !c.is_ascii_digit())
    };
    let mut int = digits(&mut i);
    let mut slip = false;
    if int.len() <= 3 {
        // Thousands groups: French spaces, English commas. The other language's grouping is a slip.
        while let Some(&sep) = chars.get(i) {
            let native = if french { GROUP_SPACES.contains(&sep) } else { sep == ',' };
            let foreign = if french { sep == ',' } else { GROUP_SPACES.contains(&sep) && sep != ' ' };
            if (native || foreign) && three_digits_at(i + 1) {
                slip |= foreign;
                i += 1;
                int.push_str(&digits(&mut i));
            } else {
                break;
            }
        }
    }
    let mut value: f64 = int.parse().unwrap_or(0.0);
    let dec_sep = if french { ',' } else { '.' };
    // A dot in French (`4.3`, a programme number) is read as written, not as a slip.
    let other = if french { '.' } else { '\0' };
    let is_dec = chars.get(i).is_some_and(|&c| c == dec_sep || c == other);
    if is_dec && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        i += 1;
        let frac = digits(&mut i);
        value = format!("{int}.{frac}").parse().unwrap_or(value);
    }
    (value, slip, i)
}

/// Spelled-out numbers from zero to twenty, so that `3 years` matches `trois ans`.
pub fn spelled(value: f64, lang: &str) -> Option<&'static str> {
    const EN: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const FR: [&str; 21] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
        "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt",
    ];
    if value.fract() != 0.0 || !(0.0..=20.0).contains(&value) {
        return None;
    }
    let i = value as usize;
    Some(if is_french(lang) { FR[i] } else { EN[i] })
}

/// A value as a key for sets and maps: nine significant digits, so that values equal by
/// [`same`] (float rounding only) share it.
pub fn key(value: f64) -> String {
    format!("{value:.8e}")
}

/// Two values are the same number (allowing for float rounding).
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: &str) -> Vec<(f64, bool)> {
        extract(text, lang).into_iter().map(|n| (n.value, n.slip)).collect()
    }

    #[test]
    fn reads_both_languages_by_value() {
        type Case<'a> = (&'a str, &'a str, &'a [(f64, bool)]);
        let cases: &[Case] = &[
            ("approximately $300,000", "en", &[(300_000.0, false)]),
            ("environ 300 000 $", "fr", &[(300_000.0, false)]),
            ("environ 300\u{a0}000\u{a0}$", "fr", &[(300_000.0, false)]),
            ("environ 300\u{202f}000 $", "fr", &[(300_000.0, false)]),
            ("($21 million over 3 years)", "en", &[(21e6, false), (3.0, false)]),
            ("(21 millions de dollars sur 3 ans)", "fr", &[(21e6, false), (3.0, false)]),
            ("$21 billion", "en", &[(21e9, false)]),
            ("21 billions de dollars", "fr", &[(21e12, false)]),
            ("2,5 milliards", "fr", &[(2.5e9, false)]),
            ("1er août 2009", "fr", &[(1.0, false), (2009.0, false)]),
            ("August 1, 2009", "en", &[(1.0, false), (2009.0, false)]),
            ("5 %", "fr", &[(5.0, false)]),
            ("5%", "en", &[(5.0, false)]),
            ("5%", "fr", &[(5.0, true)]),
            ("5 %", "en", &[(5.0, true)]),
            ("3,5 %", "fr", &[(3.5, false)]),
            ("3.5%", "en", &[(3.5, false)]),
            ("2019-2020", "en", &[(2019.0, false), (2020.0, false)]),
            ("2019–2020", "fr", &[(2019.0, false), (2020.0, false)]),
            ("$300,000", "fr", &[(300_000.0, true)]),
            ("programme 4.3", "fr", &[(4.3, false)]),
            ("the M5 and G7", "en", &[]),
            ("1140px or 71.25rem", "en", &[(1140.0, false), (71.25, false)]),
            ("the 21st century", "en", &[(21.0, false)]),
            ("le 2e rapport", "fr", &[(2.0, false)]),
            ("16 pays", "fr", &[(16.0, false)]),
            ("within 120 days", "en", &[(120.0, false)]),
            ("de 2017 à 2019", "fr", &[(2017.0, false), (2019.0, false)]),
        ];
        for (text, lang, want) in cases {
            assert_eq!(values(text, lang), *want, "{lang}: {text}");
        }
    }

    #[test]
    fn spells_small_numbers() {
        assert_eq!(spelled(3.0, "en"), Some("three"));
        assert_eq!(spelled(17.0, "fr"), Some("dix-sept"));
        assert_eq!(spelled(21.0, "fr"), None);
        assert_eq!(spelled(2.5, "en"), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["", "1", ",", "1,", "1 ", "1 0", "$", "9".repeat(400).as_str(), "1,000,00", "٣"] {
            let _ = extract(t, "fr");
            let _ = extract(t, "en");
        }
    }
}
