//! A page's word count and reading time, counted as Zola counts them.
//!
//! Input: the page's Markdown body after the redaction pass (a redacted passage is one
//! sentinel there, counted as one word: its placeholder). Output: the number of words, and the
//! minutes at 200 words a minute, rounded up (for a Zola 0.23 site, at its rate for the
//! page's language, [`analytics_023`]). Never fails.
//!
//! What is counted: the body's words, not the rendered text, so that link targets, comments
//! and a shortcode's arguments count, as in Zola 0.22; whatever lies between a pair of
//! ```` ``` ```` fences does not.
//! A word is a run of letters and digits as Unicode's word boundaries (UAX #29) cut them:
//! `l'état`, `3.14`, `1,000` and `snake_case` are one word each, `well-known` two, and each
//! ideograph is a word of its own.

use crate::redact::{SENTINEL_CLOSE, SENTINEL_OPEN};

/// Words and minutes of reading of a Markdown body, at 200 words a minute as Zola 0.22
/// counts.
pub fn analytics(body: &str) -> (usize, usize) {
    let words = outside_code(body).map(count_words).sum::<usize>();
    (words, words.div_ceil(200))
}

/// [`analytics`] as Zola 0.23 counts for a page in `lang`: Chinese and Japanese by their
/// letters (439 and 653 a minute), English at 238 words a minute, Korean at 202, the others
/// at 200.
pub fn analytics_023(body: &str, lang: &str) -> (usize, usize) {
    let letters = |part: &str| part.chars().filter(|&c| c.is_alphabetic() || c == SENTINEL_OPEN).count();
    let (count, per_minute) = match lang.split('-').next().unwrap_or(lang) {
        "zh" => (outside_code(body).map(letters).sum(), 439),
        "ja" => (outside_code(body).map(letters).sum(), 653),
        primary => {
            let per_minute = match primary {
                "en" => 238,
                "ko" => 202,
                _ => 200,
            };
            (outside_code(body).map(count_words).sum(), per_minute)
        }
    };
    (count, count.div_ceil(per_minute))
}

/// The parts of `body` outside code: fences toggle wherever they stand, as Zola's count
/// splits the text on them.
fn outside_code(body: &str) -> impl Iterator<Item = &str> {
    body.split("```").step_by(2)
}

/// How a character takes part in a word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_`: joins letters and digits, is not one.
    Joiner,
    /// Joins two letters (`:`).
    MidLetter,
    /// Joins two digits (`,` `;`).
    MidNum,
    /// Joins two letters or two digits (`.` `'` `’`).
    MidBoth,
    /// A word by itself (an ideograph, a kana).
    Alone,
    /// Attaches to what it follows (a combining mark, a joiner).
    Extend,
    Other,
}

fn class(c: char) -> Class {
    match c {
        c if c.is_ascii() => ASCII[c as usize],
        // A redacted passage: one word, its placeholder.
        SENTINEL_OPEN => Class::Alone,
        SENTINEL_CLOSE => Class::Other,
        '\u{B7}' => Class::MidLetter,
        '\u{2019}' => Class::MidBoth,
        '\u{300}'..='\u{36F}'
        | '\u{610}'..='\u{61A}'
        | '\u{64B}'..='\u{65F}'
        | '\u{670}'
        | '\u{6D6}'..='\u{6ED}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{FE00}'..='\u{FE0F}' => Class::Extend,
        '\u{3040}'..='\u{309F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
            Class::Alone
        }
        c if c.is_numeric() => Class::Digit,
        c if c.is_alphabetic() => Class::Letter,
        _ => Class::Other,
    }
}

/// The class of each ASCII character, looked up rather than matched: a body is mostly ASCII,
/// and this count runs over every byte of every page.
const ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Joiner,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' | b'\'' => Class::MidBoth,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// Where a count stands after a character: outside a word, in one (after a letter, a digit,
/// or a `_` with or without a letter or digit before it), or after a character that joins
/// the letters or digits on both sides of it, if the next one is of their kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Out,
    Letter,
    Digit,
    /// After `_`, in a word already counted.
    JoinerCounted,
    /// After `_`, no letter or digit yet: `___` alone is not a word.
    Joiner,
    /// After a letter and a character that joins two letters.
    MidLetter,
    /// After a digit and a character that joins two digits.
    MidDigit,
}

/// The state after a character of class `class` in state `state`, and whether it starts a
/// word. Each character is one step, with no look ahead: a joining character is a state of
/// its own, left for the word if the next character is of the kind before it.
const fn step(state: State, class: Class) -> (State, bool) {
    use Class as C;
    use State as S;
    let in_word = matches!(state, S::Letter | S::Digit | S::JoinerCounted);
    match (state, class) {
        (S::MidLetter, C::Letter) => (S::Letter, false),
        (S::MidDigit, C::Digit) => (S::Digit, false),
        (_, C::Letter) => (S::Letter, !in_word),
        (_, C::Digit) => (S::Digit, !in_word),
        (_, C::Joiner) if in_word => (S::JoinerCounted, false),
        (_, C::Joiner) => (S::Joiner, false),
        (S::Letter, C::MidLetter | C::MidBoth) => (S::MidLetter, false),
        (S::Digit, C::MidNum | C::MidBoth) => (S::MidDigit, false),
        (_, C::Alone) => (S::Out, true),
        _ => (S::Out, false),
    }
}

/// [`step`] for every state and class, looked up rather than matched: the count runs over
/// every byte of every page, and a class changes every few bytes.
const STEPS: [[(State, bool); CLASSES]; STATES] = {
    const STATE: [State; STATES] = [
        State::Out,
        State::Letter,
        State::Digit,
        State::JoinerCounted,
        State::Joiner,
        State::MidLetter,
        State::MidDigit,
    ];
    const CLASS: [Class; CLASSES] = [
        Class::Letter,
        Class::Digit,
        Class::Joiner,
        Class::MidLetter,
        Class::MidNum,
        Class::MidBoth,
        Class::Alone,
        Class::Extend,
        Class::Other,
    ];
    let mut table = [[(State::Out, false); CLASSES]; STATES];
    let mut s = 0;
    while s < STATES {
        let mut c = 0;
        while c < CLASSES {
            table[STATE[s] as usize][CLASS[c] as usize] = step(STATE[s], CLASS[c]);
            c += 1;
        }
        s += 1;
    }
    table
};
const STATES: usize = 7;
const CLASSES: usize = 9;

/// Counts the words of a text, as Unicode's word boundaries cut them.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut state, mut i) = (0, State::Out, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let class = if b.is_ascii() {
            i += 1;
            ASCII[b as usize]
        } else {
            let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            i += c.len_utf8();
            if c == SENTINEL_OPEN {
                // A sentinel's index is part of the one word it stands for.
                let rest = &text[i..];
                i += rest.find(SENTINEL_CLOSE).map_or(rest.len(), |end| end + SENTINEL_CLOSE.len_utf8());
            }
            match class(c) {
                Class::Extend => continue,
                class => class,
            }
        };
        let (next, starts) = STEPS[state as usize][class as usize];
        words += usize::from(starts);
        state = next;
    }
    words
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    proptest! {
        /// Words are cut as Unicode's word boundaries cut them (unicode-segmentation's
        /// `unicode_words`), on an alphabet of the characters that matter in prose.
        #[test]
        fn words_are_cut_as_unicode_cuts_them(text in "[aéZ19 \n_.,;:'’·\u{301}漢!?«»()/-]{0,40}") {
            prop_assert_eq!(count_words(&text), text.unicode_words().count());
        }
    }

    #[test]
    fn zola_counts_the_body_but_not_fenced_code() {
        assert_eq!(analytics("hello world ``` code goes here ``` goodbye world"), (4, 1));
        assert_eq!(analytics("hello ```\nfn main() {}\n```\nworld ``` dangling"), (2, 1));
        assert_eq!(analytics("Paragraph[^1] two\n\n[^1]: A footnote <!-- note -->\n"), (7, 1));
        assert_eq!(analytics("See [the docs](https://example.com/docs-page)."), (7, 1));
        assert_eq!(analytics("  "), (0, 0));
        assert_eq!(analytics(&" Hello world".repeat(1000)), (2000, 10));
    }

    #[test]
    fn zola_023_counts_by_language() {
        let text = " Hello world".repeat(1000);
        assert_eq!(analytics_023(&text, "en"), (2000, 9));
        assert_eq!(analytics_023(&text, "ko"), (2000, 10));
        assert_eq!(analytics_023(&text, "fr"), (2000, 10));
        assert_eq!(analytics_023("漢字です ``` 無視 ``` 。abc", "ja"), (7, 1));
        assert_eq!(analytics_023(&"汉字".repeat(440), "zh-Hans"), (880, 3));
    }

    #[test]
    fn a_redacted_passage_is_one_word() {
        assert_eq!(analytics("One two \u{E000}0\u{E001} three."), (4, 1));
    }

    #[test]
    fn each_ideograph_is_a_word() {
        assert_eq!(count_words("漢字 كلمة"), 3);
        assert_eq!(count_words("التَّقْدِيمِيّ"), 1);
    }
}
