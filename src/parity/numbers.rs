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
    // Where the last identifier (`H2`, `ITSG`) ended: `H2–6`, `ITSG-38` continue it.
    let mut ident_end = usize::MAX;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            if chars[i].is_alphabetic() {
                ident_end = (i..chars.len()).find(|&j| !chars[j].is_alphanumeric()).unwrap_or(chars.len());
                i = ident_end;
            } else {
                i += 1;
            }
            continue;
        }
        if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '.') {
            i += 1;
            continue;
        }
        if let Some(end) = identifier(&chars, i, ident_end) {
            ident_end = end;
            i = end;
            continue;
        }
        let start = i;
        if let Some((value, end)) = time(&chars, i, french) {
            out.push(Number {
                value,
                text: chars[start..end].iter().collect::<String>().trim().to_string(),
                slip: false,
            });
            i = end;
            continue;
        }
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

/// A standard or document number is not a quantity: digits right after an identifier and a
/// dash (`ITSG-38`, `H2–6`) or after an upper-case acronym and a space (`EN 301 549`,
/// `ISO 9001`). Returns where the identifier ends.
fn identifier(chars: &[char], i: usize, ident_end: usize) -> Option<usize> {
    let digits_end = |mut k: usize| {
        // Groups of digits separated by single spaces or dots: `301 549`, `40.111`.
        loop {
            while k < chars.len() && chars[k].is_ascii_digit() {
                k += 1;
            }
            let sep = chars.get(k).is_some_and(|&c| c == ' ' || c == '.' || c == '\u{a0}');
            if sep && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
                k += 1;
            } else {
                return k;
            }
        }
    };
    if i >= 2 && matches!(chars[i - 1], '-' | '–' | '‑') && ident_end == i - 1 {
        let end = digits_end(i);
        return Some(end);
    }
    if i >= 3 && chars[i - 1] == ' ' && ident_end == i - 1 {
        let word: String = chars[..i - 1].iter().rev().take_while(|c| c.is_alphanumeric()).collect();
        let word: String = word.chars().rev().collect();
        let standard = ["EN", "NE", "ISO", "CSA", "IEC", "ITSG", "ITSP", "RFC", "CAN", "SOR", "DORS", "ANSI"];
        if standard.contains(&word.as_str()) {
            return Some(digits_end(i));
        }
    }
    None
}

/// A time of day: `15:00`, `5:00 pm`, `9am`, `9 a.m.` (English), `15 h 00`, `17 h`, `9h30`
/// (French), read as hours (24-hour clock) plus minutes as hundredths, so that the same time
/// written either way is the same number. Returns the value and where it ends.
fn time(chars: &[char], i: usize, french: bool) -> Option<(f64, usize)> {
    let mut k = i;
    while k < chars.len() && chars[k].is_ascii_digit() {
        k += 1;
    }
    if k - i > 2 {
        return None;
    }
    let hours: u32 = chars[i..k].iter().collect::<String>().parse().ok()?;
    let two = |k: usize| {
        chars
            .get(k..k + 2)
            .filter(|d| d.iter().all(char::is_ascii_digit))
            .map(|d| d.iter().collect::<String>())
            .filter(|_| chars.get(k + 2).is_none_or(|c| !c.is_ascii_digit()))
    };
    let rest = |k: usize| chars.get(k..).unwrap_or(&[]).iter().take(6).collect::<String>().to_lowercase();
    let mut minutes = 0;
    let mut end = k;
    let mut is_time = false;
    if chars.get(k) == Some(&':') {
        if let Some(m) = two(k + 1) {
            minutes = m.parse().ok()?;
            end = k + 3;
            is_time = true;
        }
    }
    let mut hours = hours;
    let after = rest(end);
    let after = after.strip_prefix(' ').unwrap_or(&after);
    let skipped = end + usize::from(rest(end).starts_with(' '));
    let meridiem = [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)]
        .into_iter()
        .find(|(w, _)| after.starts_with(w) && !after[w.len()..].starts_with(char::is_alphabetic));
    if let Some((w, pm)) = meridiem {
        if !french && (1..=12).contains(&hours) {
            hours = hours % 12 + if pm { 12 } else { 0 };
            end = skipped + w.chars().count();
            is_time = true;
        }
    } else if french && !is_time && hours <= 24 {
        // `17 h`, `17 h 30`, `9h30`: `h` alone, not the start of a word (`17 heures` is a duration).
        let h_at = if chars.get(end) == Some(&'h') {
            Some(end)
        } else if chars.get(end) == Some(&' ') && chars.get(end + 1) == Some(&'h') {
            Some(end + 1)
        } else {
            None
        };
        if let Some(h) = h_at.filter(|&h| chars.get(h + 1).is_none_or(|c| !c.is_alphabetic())) {
            end = h + 1;
            is_time = true;
            let m_at = if chars.get(end) == Some(&' ') { end + 1 } else { end };
            if let Some(m) = two(m_at) {
                minutes = m.parse().ok()?;
                end = m_at + 2;
            }
        }
    }
    (is_time && hours <= 24 && minutes < 60).then(|| (f64::from(hours) + f64::from(minutes) / 100.0, end))
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

/// Spelled-out numbers (zero to twenty, then the tens and a hundred), so that `3 years`
/// matches `trois ans` and `fifty` matches `50`: each form the number takes in `lang`.
pub fn spelled(value: f64, lang: &str) -> &'static [&'static str] {
    const EN: [&[&str]; 21] = [
        &["zero"],
        &["one"],
        &["two"],
        &["three"],
        &["four"],
        &["five"],
        &["six"],
        &["seven"],
        &["eight"],
        &["nine"],
        &["ten"],
        &["eleven"],
        &["twelve"],
        &["thirteen"],
        &["fourteen"],
        &["fifteen"],
        &["sixteen"],
        &["seventeen"],
        &["eighteen"],
        &["nineteen"],
        &["twenty"],
    ];
    const FR: [&[&str]; 21] = [
        &["zéro"],
        &["un", "une"],
        &["deux"],
        &["trois"],
        &["quatre"],
        &["cinq"],
        &["six"],
        &["sept"],
        &["huit"],
        &["neuf"],
        &["dix"],
        &["onze"],
        &["douze"],
        &["treize"],
        &["quatorze"],
        &["quinze"],
        &["seize"],
        &["dix-sept"],
        &["dix-huit"],
        &["dix-neuf"],
        &["vingt"],
    ];
    const TENS_EN: [&[&str]; 8] =
        [&["thirty"], &["forty"], &["fifty"], &["sixty"], &["seventy"], &["eighty"], &["ninety"], &["hundred"]];
    const TENS_FR: [&[&str]; 8] = [
        &["trente"],
        &["quarante"],
        &["cinquante"],
        &["soixante"],
        &["soixante-dix"],
        &["quatre-vingts", "quatre-vingt"],
        &["quatre-vingt-dix"],
        &["cent"],
    ];
    let french = is_french(lang);
    if value.fract() != 0.0 || !(0.0..=100.0).contains(&value) {
        return &[];
    }
    let i = value as usize;
    match i {
        0..=20 if french => FR[i],
        0..=20 => EN[i],
        30 | 40 | 50 | 60 | 70 | 80 | 90 | 100 if french => TENS_FR[i / 10 - 3],
        30 | 40 | 50 | 60 | 70 | 80 | 90 | 100 => TENS_EN[i / 10 - 3],
        _ => &[],
    }
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
            ("from 9am to 5pm", "en", &[(9.0, false), (17.0, false)]),
            ("de 9 h à 17 h", "fr", &[(9.0, false), (17.0, false)]),
            ("at 15:00 or 5:30 p.m.", "en", &[(15.0, false), (17.3, false)]),
            ("à 15 h 00 ou 17h30", "fr", &[(15.0, false), (17.3, false)]),
            ("pendant 17 heures", "fr", &[(17.0, false)]),
            ("EN 301 549 and ITSG-38 and ITSP.40.111", "en", &[]),
            ("la norme EN 301 549", "fr", &[]),
            ("for H2–6 and H3-H6", "en", &[]),
            ("ISO 9001 in 2019-2020", "en", &[(2019.0, false), (2020.0, false)]),
        ];
        for (text, lang, want) in cases {
            assert_eq!(values(text, lang), *want, "{lang}: {text}");
        }
    }

    #[test]
    fn spells_small_numbers() {
        assert_eq!(spelled(3.0, "en"), ["three"]);
        assert_eq!(spelled(17.0, "fr"), ["dix-sept"]);
        assert_eq!(spelled(1.0, "fr"), ["un", "une"]);
        assert_eq!(spelled(50.0, "en"), ["fifty"]);
        assert_eq!(spelled(50.0, "fr"), ["cinquante"]);
        assert!(spelled(21.0, "fr").is_empty());
        assert!(spelled(2.5, "en").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["", "1", ",", "1,", "1 ", "1 0", "$", "9".repeat(400).as_str(), "1,000,00", "٣"] {
            let _ = extract(t, "fr");
            let _ = extract(t, "en");
        }
    }
}
