//! Code blocks and syntax highlighting with syntect, as CSS classes (`z-…`, like Zola).
//!
//! Input: a fenced or indented code block and `[markdown]`'s `highlight_code`,
//! `data_attr_position` and `error_on_missing_language`. Output: Zola's markup,
//! `<pre class="language-rust z-code"><code class="language-rust" data-lang="rust">…</code></pre>`
//! (`data-lang` where `data_attr_position` puts it), with highlighted spans when highlighting is on; and the
//! stylesheet of a theme ([`theme_css`]). Failure: an unknown language is a warning (the code
//! is shown as plain text), or an error when `error_on_missing_language` is set and Zola does
//! not know it either ([`zola_languages`](super::zola_languages)); an unknown theme is an error naming the known ones.

use pulldown_cmark::CodeBlockKind;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use syntect::highlighting::{HighlightIterator, HighlightState, Theme};

use syntect::html::{ClassStyle, IncludeBackground, line_tokens_to_classed_spans, styled_line_to_highlighted_html};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::colours::{load_theme, pre_style};
use super::render::Renderer;
use super::{escape_html, sentinels};
use crate::config::{DataAttrPosition, MarkdownConfig};
use crate::diag::Severity;

/// The class prefix of highlighted spans, as Zola writes them.
pub(super) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// Languages shown as plain text without a warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext"];

/// The syntaxes used to highlight code. Loading them takes a few milliseconds, so the build
/// makes one and lends it to every page through [`super::RenderContext`]; it is shared across
/// threads.
///
/// Parsing a line is the dearest step of a build, so it is memoized: syntect's parser is a
/// pure function of the parse state before a line and the line's text, giving the line's
/// scope operations and the state after it. The same line in the same state (the same code
/// block in both languages of a page, the same imports and boilerplate across pages) is parsed
/// once per thread; the HTML is then made from the operations as syntect's own generator does.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    id: u64,
    /// The theme of a site whose code is coloured inline (Zola 0.22's default), if any.
    inline: Option<Theme>,
}

impl Highlighter {
    /// Loads syntect's default syntaxes and the extra ones bat and Zola ship (TOML, …).
    pub fn new() -> Self {
        Self {
            syntaxes: two_face::syntax::extra_newlines(),
            id: HIGHLIGHTERS.fetch_add(1, Ordering::Relaxed),
            inline: None,
        }
    }

    /// The highlighter for a site's `[markdown]`: classed spans, or inline colours of its
    /// theme when `[markdown.highlighting]` says so (Zola 0.22's default).
    pub fn for_config(markdown: &MarkdownConfig) -> Self {
        let inline = markdown.inline_colours.then(|| load_theme(&markdown.highlight_theme).ok()).flatten();
        Self { inline, ..Self::new() }
    }

    /// The spans of `code`: coloured inline with the site's theme, or classed.
    fn spans(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        match &self.inline {
            Some(theme) => self.coloured(syntax, theme, code),
            None => self.classed(syntax, code),
        }
    }

    /// The syntax for a fence's language token, when syntect knows it.
    pub(super) fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        self.syntaxes.find_syntax_by_token(lang)
    }

    #[cfg(test)]
    pub(super) fn syntaxes(&self) -> &SyntaxSet {
        &self.syntaxes
    }

    /// Highlights `code` coloured inline with `theme`, line by line (each line's spans closed
    /// at its end), from the same memoized parse as [`Highlighter::classed`].
    pub(super) fn coloured(&self, syntax: &SyntaxReference, theme: &Theme, code: &str) -> Option<String> {
        let highlighter = syntect::highlighting::Highlighter::new(theme);
        let mut styles = HighlightState::new(&highlighter, ScopeStack::new());
        let mut state = ParseState::new(syntax);
        let mut html = String::with_capacity(code.len() * 4);
        for line in LinesWithEndings::from(code) {
            let ops = parse_line(self.id, &mut state, line, &self.syntaxes)?;
            let ranges: Vec<_> = HighlightIterator::new(&mut styles, &ops, line, &highlighter).collect();
            html.push_str(&styled_line_to_highlighted_html(&ranges, IncludeBackground::No).ok()?);
        }
        Some(html)
    }

    /// Highlights `code` as CSS-classed spans (the markup of syntect's
    /// `ClassedHTMLGenerator`).
    fn classed(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 4);
        let mut open_spans = 0isize;
        for line in LinesWithEndings::from(code) {
            let ops = parse_line(self.id, &mut state, line, &self.syntaxes)?;
            let (formatted, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&formatted);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }
}

/// What parsing one line gave: the state it started in, its operations, the state after.
struct Parsed {
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// Lines already parsed, by line text, for one [`Highlighter`] (its `id`). syntect's parse
/// states hold Oniguruma regions, which cannot cross threads, so each thread keeps its own.
/// Bounded: past [`MEMO_LIMIT`] lines (some tens of MB) it stops remembering and just parses.
#[derive(Default)]
struct LineMemo {
    id: u64,
    lines: HashMap<Box<str>, Vec<Parsed>>,
    len: usize,
}

const MEMO_LIMIT: usize = 1 << 16;

/// Numbers each [`Highlighter`], so a thread's memo is never used with another's syntaxes.
static HIGHLIGHTERS: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static MEMO: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// The operations of `line` parsed in `state`, which moves on to the state after the line.
fn parse_line(id: u64, state: &mut ParseState, line: &str, syntaxes: &SyntaxSet) -> Option<Vec<(usize, ScopeStackOp)>> {
    MEMO.with_borrow_mut(|memo| {
        if memo.id != id {
            *memo = LineMemo { id, ..LineMemo::default() };
        }
        if let Some(p) = memo.lines.get(line).and_then(|seen| seen.iter().find(|p| p.before == *state)) {
            *state = p.after.clone();
            return Some(p.ops.clone());
        }
        let before = state.clone();
        let ops = state.parse_line(line, syntaxes).ok()?;
        if memo.len < MEMO_LIMIT {
            memo.len += 1;
            let parsed = Parsed { before, ops: ops.clone(), after: state.clone() };
            memo.lines.entry(line.into()).or_default().push(parsed);
        }
        Some(ops)
    })
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

/// The language of a code block: the first word of a fence's info string (`rust,linenos`).
fn language<'k>(kind: &'k CodeBlockKind<'_>) -> Option<&'k str> {
    match kind {
        CodeBlockKind::Fenced(info) => {
            info.split(|c: char| c == ',' || c.is_whitespace()).next().filter(|l| !l.is_empty())
        }
        CodeBlockKind::Indented => None,
    }
}

/// The value of a fence annotation (`hide_lines=` in `rust,linenos,hide_lines=2 4-5`): what
/// follows the name, up to the next comma.
fn annotation<'k>(kind: &'k CodeBlockKind<'_>, name: &str) -> Option<&'k str> {
    let CodeBlockKind::Fenced(info) = kind else { return None };
    info.split(',').skip(1).find_map(|a| a.trim().strip_prefix(name))
}

/// The first line number when the fence asks for numbers (`rust,linenos`, with
/// `linenostart=N`), as Zola's fence annotations do.
fn line_numbers(kind: &CodeBlockKind<'_>) -> Option<usize> {
    let CodeBlockKind::Fenced(info) = kind else { return None };
    if !info.split(',').skip(1).any(|a| a.trim() == "linenos") {
        return None;
    }
    Some(annotation(kind, "linenostart=").and_then(|n| n.trim().parse().ok()).unwrap_or(1))
}

/// Line ranges as Zola writes them: `2 4-5` (a bad part is left out).
fn line_ranges(spec: &str) -> Vec<(usize, usize)> {
    spec.split_whitespace()
        .filter_map(|part| match part.split_once('-') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => part.parse().ok().map(|n| (n, n)),
        })
        .collect()
}

fn in_ranges(ranges: &[(usize, usize)], n: usize) -> bool {
    ranges.iter().any(|&(a, b)| (a..=b).contains(&n))
}

/// Code HTML with its line numbers (`numbers[i]` before line `i`), hidden from screen
/// readers, as Zola marks them (what follows the last line's end, closing tags, gets none).
fn numbered(html: &str, numbers: &[usize]) -> String {
    let mut out = String::with_capacity(html.len() + numbers.len() * 48);
    for (i, line) in html.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(n) = numbers.get(i) {
            out.push_str(&format!("<span class=\"giallo-ln\" aria-hidden=\"true\">{n}</span>"));
        }
        out.push_str(line);
    }
    out
}

/// Code HTML with the lines for which `mark(i)` holds wrapped in `<mark>`, as Zola's
/// `hl_lines` asks (and as Zola marked them before giallo). Each line is made whole first:
/// the spans open at its start are opened again, and those open at its end closed, so that
/// a mark never cuts through a span. The markup is the highlighter's own: `<span …>` and
/// `</span>` around escaped text.
fn marked(html: &str, mark: impl Fn(usize) -> bool) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut open: Vec<&str> = Vec::new();
    for (i, line) in html.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let reopen = open.concat();
        let mut rest = line;
        while let Some(at) = rest.find('<') {
            let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
            if rest[at..end].starts_with("</") {
                open.pop();
            } else {
                open.push(&rest[at..end]);
            }
            rest = &rest[end..];
        }
        if line.is_empty() || (open.is_empty() && line.trim_start_matches("</span>").is_empty()) {
            continue; // what follows the last line: the closing tags, closed already
        }
        let marked = mark(i);
        if marked {
            out.push_str("<mark>");
        }
        out.push_str(&reopen);
        out.push_str(line);
        open.iter().for_each(|_| out.push_str("</span>"));
        if marked {
            out.push_str("</mark>");
        }
    }
    out
}

/// The HTML of a code block, with the fence's `linenos`, `linenostart`, `hide_lines` (hidden
/// lines keep their numbers' places) and `hl_lines` (counted in the block as written,
/// whatever `linenostart` says), highlighted when given a highlighter (`[markdown]
/// highlight_code`), its `data-lang` where `data_attrs` says; and the fence's language when
/// it asked for one syntect lacks (the code is then shown as plain text).
pub fn block_html(
    highlighter: Option<&Highlighter>,
    data_attrs: DataAttrPosition,
    kind: &CodeBlockKind<'_>,
    code: &str,
) -> (String, Option<String>) {
    let highlight = highlighter.is_some();
    let hidden = annotation(kind, "hide_lines=").map(line_ranges).unwrap_or_default();
    let shown: Vec<usize> = (1..=code.lines().count()).filter(|n| !in_ranges(&hidden, *n)).collect();
    let kept;
    let code = if hidden.is_empty() {
        code
    } else {
        kept = code
            .split_inclusive('\n')
            .enumerate()
            .filter(|(i, _)| !in_ranges(&hidden, i + 1))
            .map(|(_, line)| line)
            .collect::<String>();
        kept.as_str()
    };
    let lang = language(kind);
    let colours = highlighter.and_then(|h| h.inline.as_ref()).map(pre_style).unwrap_or_default();
    let (pre, code_attrs) = match lang {
        Some(l) => {
            let l = escape_html(l);
            let z = if highlight { " z-code" } else { "" };
            let data = |on: bool| if on { format!(" data-lang=\"{l}\"") } else { String::new() };
            let (on_pre, on_code) = match data_attrs {
                DataAttrPosition::Code => (false, true),
                DataAttrPosition::Pre => (true, false),
                DataAttrPosition::Both => (true, true),
                DataAttrPosition::None => (false, false),
            };
            (
                format!("<pre{} class=\"language-{l}{z}\"{colours}>", data(on_pre)),
                format!(" class=\"language-{l}\"{}", data(on_code)),
            )
        }
        None if highlight => (format!("<pre class=\"z-code\"{colours}>"), String::new()),
        None => ("<pre>".to_string(), String::new()),
    };
    let (body, unknown) = match (lang, highlighter) {
        (Some(l), Some(h)) if !PLAIN.contains(&l) => match h.syntax(l).and_then(|s| h.spans(s, code)) {
            Some(html) => (html, None),
            None => (escape_html(code), Some(l.to_string())),
        },
        _ => (escape_html(code), None),
    };
    let body = match line_numbers(kind) {
        Some(start) => numbered(&body, &shown.iter().map(|n| n + start - 1).collect::<Vec<_>>()),
        None => body,
    };
    let body = match annotation(kind, "hl_lines=").map(line_ranges) {
        Some(hl) if !hl.is_empty() => marked(&body, |i| shown.get(i).is_some_and(|n| in_ranges(&hl, *n))),
        _ => body,
    };
    (format!("{pre}<code{code_attrs}>{body}</code></pre>\n"), unknown)
}

impl Renderer<'_> {
    /// The HTML of a code block at body offset `at` ([`block_html`]), its redacted passages
    /// and shortcode outputs put back; a language syntect lacks is a diagnostic.
    pub(super) fn code_block(&mut self, kind: &CodeBlockKind<'_>, code: &str, at: usize) -> String {
        let code = sentinels::code(code, self.page.spans(), &self.shortcode_html).into_owned();
        let highlighter = self.ctx.config.markdown.highlight_code.then_some(self.ctx.highlighter);
        let (html, unknown) = block_html(highlighter, self.ctx.config.markdown.data_attr_position, kind, &code);
        if let Some(lang) = unknown {
            self.unknown_language(&lang, at);
        }
        html
    }

    /// Reports a code block's language that syntect lacks: an error under
    /// `error_on_missing_language` unless Zola knows it, else a warning.
    fn unknown_language(&mut self, lang: &str, at: usize) {
        let zola_knows = super::zola_languages::zola_knows(lang);
        if self.ctx.config.markdown.error_on_missing_language && !zola_knows {
            let message = format!("unknown language `{lang}` in a code block (`error_on_missing_language` is set)");
            self.report(Severity::Error, at, message);
        } else {
            let message = if zola_knows {
                format!("language `{lang}` in a code block: Zola highlights it, cahier shows it as plain text")
            } else {
                format!("unknown language `{lang}` in a code block; it is shown as plain text")
            };
            self.report(Severity::Warning, at, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use syntect::highlighting::ThemeSet;
    use syntect::html::ClassedHTMLGenerator;

    use super::super::colours::theme_css;
    use super::*;

    /// What syntect's own generator makes of `code`.
    fn syntect_html(h: &Highlighter, lang: &str, code: &str) -> String {
        let syntax = h.syntax(lang).unwrap();
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &h.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn memoized_lines_give_syntect_s_own_markup() {
        let h = Highlighter::new();
        // The same lines in different states: inside a block comment, a string, a docstring.
        let cases = [
            ("rust", "fn a() {}\n/* fn a() {}\nlet x = 1;\n*/\nfn a() {}\nlet s = \"\nfn a() {}\n\";\n"),
            ("python", "def f():\n    \"\"\"\n    def f():\n    \"\"\"\n    return 1\ndef f():\n    return 1\n"),
            ("toml", "[a]\nb = \"\"\"\n[a]\n\"\"\"\n[a]\nc = 1\n"),
        ];
        for (lang, code) in cases {
            let expected = syntect_html(&h, lang, code);
            let syntax = h.syntax(lang).unwrap();
            assert_eq!(h.classed(syntax, code).unwrap(), expected, "{lang}, first time");
            assert_eq!(h.classed(syntax, code).unwrap(), expected, "{lang}, from the memo");
        }
    }

    /// A thread's memo belongs to one highlighter: another one (other syntaxes, perhaps)
    /// starts it afresh instead of reading states parsed with the first one's.
    #[test]
    fn a_new_highlighter_does_not_reuse_another_s_memo() {
        let memo = || MEMO.with_borrow(|m| (m.id, m.len, m.lines.contains_key("[a]\n")));
        let first = Highlighter::new();
        first.classed(first.syntax("toml").unwrap(), "[a]\nb = 1\n").unwrap();
        assert_eq!(memo(), (first.id, 2, true));
        let second = Highlighter::new();
        assert_ne!(first.id, second.id);
        let html = second.classed(second.syntax("toml").unwrap(), "c = 2\n").unwrap();
        assert_eq!(memo(), (second.id, 1, false), "the first highlighter's lines are forgotten");
        assert!(html.contains("z-"), "{html}");
    }

    /// The configuration checks `highlight_theme` against a list, without loading the themes:
    /// the list is what the theme sets hold.
    #[test]
    fn the_configuration_s_theme_list_is_what_the_theme_sets_hold() {
        let mut themes = ThemeSet::load_defaults();
        themes.themes.extend(ThemeSet::from(two_face::theme::extra()).themes);
        let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        assert_eq!(names, crate::config::HIGHLIGHT_THEMES);
        for name in crate::config::HIGHLIGHT_THEMES {
            assert!(theme_css(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn linenos_numbers_each_line_from_linenostart() {
        let fence = |info: &'static str| CodeBlockKind::Fenced(info.into());
        assert_eq!(line_numbers(&fence("rust")), None);
        assert_eq!(line_numbers(&fence("rust,linenos")), Some(1));
        assert_eq!(line_numbers(&fence("rust,linenos,linenostart=20")), Some(20));
        assert_eq!(line_numbers(&CodeBlockKind::Indented), None);
        let ln = |n| format!("<span class=\"giallo-ln\" aria-hidden=\"true\">{n}</span>");
        assert_eq!(numbered("a\nb\n</span>", &[9, 10]), format!("{}a\n{}b\n</span>", ln(9), ln(10)));
        assert_eq!(line_ranges("2 4-5 x"), [(2, 2), (4, 5)]);
        assert_eq!(annotation(&fence("rust,linenos,hide_lines=2 4-5"), "hide_lines="), Some("2 4-5"));
    }

    #[test]
    fn knows_the_languages_zola_ships_beyond_syntect_s() {
        let h = Highlighter::new();
        for lang in ["toml", "ts", "dockerfile", "yaml", "sh", "jsx"] {
            assert!(h.syntax(lang).is_some(), "{lang}");
        }
        assert!(theme_css("Dracula").unwrap().contains(".z-code"));
    }
}
