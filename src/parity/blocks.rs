//! A page body as a list of top-level Markdown blocks, the unit that parity aligns and
//! compares.
//!
//! Input: a [`SourcePage`]. Output: its [`Block`]s in order, each with its kind and shape
//! (heading level and id, list shape, table size, code), its prose text (code left out), its
//! links and images, the redactions that start in it and the checks an inline
//! `<!-- parity: ignore CHECK — reason -->` comment dismisses for it. Redaction markers are
//! read with the shortcode parser and blanked out (offsets kept) before pulldown-cmark sees
//! the text, so a block redaction leaves the block it wraps. Failure: a [`Diagnostic`] when
//! the shortcode syntax is broken (the build would refuse the page too).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::marks::{Spans, blank_redactions, directive, other_language};
pub use super::markup::collapse;
use crate::content::SourcePage;
use crate::diag::Diagnostic;

/// The kind and shape of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Heading {
        level: u8,
        id: Option<String>,
    },
    Paragraph,
    /// `items` at the top level, `total` at every depth, `depth` 1 for a flat list.
    List {
        ordered: bool,
        items: usize,
        total: usize,
        depth: usize,
    },
    Quote,
    Code {
        lang: String,
    },
    Table {
        rows: usize,
        cols: usize,
    },
    Rule,
    Footnote,
    Html,
}

impl Kind {
    /// The name shown in messages.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Heading { .. } => "heading",
            Kind::Paragraph => "paragraph",
            Kind::List { ordered: true, .. } => "numbered list",
            Kind::List { .. } => "list",
            Kind::Quote => "block quote",
            Kind::Code { .. } => "code block",
            Kind::Table { .. } => "table",
            Kind::Rule => "thematic break",
            Kind::Footnote => "footnote",
            Kind::Html => "HTML block",
        }
    }

    /// Blocks of the same class can be aligned with each other.
    pub fn class(&self) -> &'static str {
        match self {
            Kind::List { .. } => "list",
            // One side may write a passage as HTML, the other as Markdown with inline HTML.
            Kind::Html => "paragraph",
            other => other.name(),
        }
    }
}

/// An image: its source and alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: String,
    pub alt: String,
}

/// One top-level block of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Kind,
    /// Byte range in the body.
    pub range: Range<usize>,
    /// 1-based line in the file.
    pub line: usize,
    /// The prose, whitespace collapsed, code left out.
    pub text: String,
    /// Units of prose judged one by one for their language: each list item or table cell
    /// row, or the whole text.
    pub pieces: Vec<String>,
    /// Link destinations, in order.
    pub links: Vec<String>,
    pub images: Vec<Image>,
    /// A code block's content.
    pub code: String,
    /// The exemptions of each redaction that starts in this block (`15(1), 21(1)(a)`).
    pub redactions: Vec<String>,
    /// The redacted text that overlaps this block: its byte range in the body (markers left
    /// out, surrounding whitespace trimmed) and its exemptions, for the report to mark it.
    pub marks: Spans,
    /// Links written `[text] (url)`, which Markdown shows as plain text.
    pub broken_links: Vec<String>,
    /// Checks dismissed for this block by an inline comment, with the reason.
    pub ignore: Vec<(String, String)>,
    /// How many characters of `text` are link text (a citation is all link text).
    pub link_chars: usize,
    /// A paragraph all in bold (or italics): a heading written as text.
    pub strong: bool,
}

impl Block {
    /// A block of `kind` holding `text` alone, on line 1, for unit tests of later stages.
    #[cfg(test)]
    pub fn of_text(kind: Kind, text: &str) -> Block {
        Block {
            kind,
            range: 0..0,
            line: 1,
            text: text.into(),
            pieces: vec![text.into()],
            links: vec![],
            images: vec![],
            code: String::new(),
            redactions: vec![],
            marks: vec![],
            broken_links: vec![],
            ignore: vec![],
            link_chars: 0,
            strong: false,
        }
    }
}

/// An inline comment that could not be read (no reason given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadComment {
    pub line: usize,
    pub text: String,
}

/// Parses a page into its blocks.
pub fn parse(page: &SourcePage) -> Result<(Vec<Block>, Vec<BadComment>), Diagnostic> {
    let (body, redactions) = blank_redactions(&page.body).map_err(|e| page.error_at(e.offset, e.message))?;
    let mut bytes = body.into_bytes();
    super::markup::flatten_open_tags(&mut bytes);
    // Only ASCII newlines were replaced.
    let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut blocks: Vec<Block> = Vec::new();
    let mut bad = Vec::new();
    let mut pending: Vec<(String, String)> = Vec::new();
    let mut b = Builder::default();
    let lines = crate::diag::LineIndex::new(&page.body);
    for (event, range) in Parser::new_ext(&body, opts).into_offset_iter() {
        if b.depth == 0 {
            b = Builder { range: range.clone(), ..Builder::default() };
        }
        if !b.event(event) {
            continue;
        }
        // One line index for the page: a page's blocks are found in one pass.
        let line = page.body_line + lines.line_col(&page.body, b.range.start).0 - 1;
        let mut block = std::mem::take(&mut b).finish(line);
        if block.kind == Kind::Html && block.code.trim_start().starts_with("<!--") {
            match directive(block.code.trim()) {
                Some(Ok(mut checks)) => pending.append(&mut checks),
                Some(Err(())) => bad.push(BadComment { line, text: block.code.trim().to_string() }),
                None => {}
            }
            continue;
        }
        block.ignore = std::mem::take(&mut pending);
        if !matches!(block.kind, Kind::Code { .. } | Kind::Html) {
            block.broken_links = super::links::broken(&body[block.range.clone()]);
        }
        blocks.push(block);
    }
    let mut blocks = merge_open_html(&body, blocks);
    other_language(&page.body, &mut blocks);
    for (inner, exemptions) in &redactions {
        for bl in blocks.iter_mut().filter(|bl| bl.range.start < inner.end && inner.start < bl.range.end) {
            bl.marks.push((inner.clone(), exemptions.clone()));
        }
    }
    for (inner, exemptions) in redactions {
        let offset = inner.start;
        let i = blocks
            .iter()
            .position(|bl| bl.range.contains(&offset))
            .or_else(|| blocks.iter().position(|bl| bl.range.start > offset));
        if let Some(i) = i {
            blocks[i].redactions.push(exemptions);
        }
    }
    Ok((blocks, bad))
}

/// An HTML block that Markdown cut at a blank line leaves elements open: it takes the blocks
/// that follow, up to the one that closes them (never a heading), and becomes one HTML block
/// read by what it says, as its other language may write it without blank lines.
fn merge_open_html(body: &str, blocks: Vec<Block>) -> Vec<Block> {
    fn reread(b: &mut Block) {
        let parts = super::markup::parts(&b.code);
        (b.text, b.pieces, b.links, b.images) = (parts.text.clone(), vec![parts.text], parts.links, parts.images);
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let (mut open, mut merged) = (0i64, false);
    for b in blocks {
        let heading = matches!(b.kind, Kind::Heading { .. });
        match out.last_mut() {
            Some(last) if open > 0 && !heading => {
                open += super::markup::net_open(body.get(b.range.clone()).unwrap_or(""));
                last.range.end = b.range.end;
                last.ignore.extend(b.ignore);
                last.marks.extend(b.marks);
                merged = true;
            }
            _ => {
                if let Some(last) = out.last_mut().filter(|_| merged) {
                    last.code = body.get(last.range.clone()).unwrap_or("").to_string();
                    reread(last);
                }
                open = if b.kind == Kind::Html { super::markup::net_open(&b.code) } else { 0 };
                merged = false;
                out.push(b);
            }
        }
    }
    if let Some(last) = out.last_mut().filter(|_| merged) {
        last.code = body.get(last.range.clone()).unwrap_or("").to_string();
        reread(last);
    }
    out
}

#[derive(Default)]
struct Builder {
    depth: usize,
    range: Range<usize>,
    kind: Option<Kind>,
    text: String,
    pieces: Vec<String>,
    item_text: Vec<String>,
    links: Vec<String>,
    images: Vec<Image>,
    in_image: usize,
    code: String,
    in_code: bool,
    in_link: usize,
    link_chars: usize,
    in_strong: usize,
    strong_chars: usize,
    list_depth: usize,
    lists: (usize, usize, usize),
    rows: usize,
}

impl Builder {
    /// Takes one event; true when the top-level block has ended.
    fn event(&mut self, event: Event<'_>) -> bool {
        match event {
            Event::Start(tag) => {
                self.depth += 1;
                self.start(tag);
            }
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                self.end(end);
                return self.depth == 0;
            }
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                self.text.push(' ');
                let _ = t;
            }
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            // Inline HTML links (`<a href>`, `<gcds-link href>`) are links too.
            Event::InlineHtml(t) => {
                if t.starts_with("</") {
                    self.in_link = self.in_link.saturating_sub(1);
                } else {
                    let parts = super::markup::parts(&t);
                    self.in_link += parts.links.len();
                    self.links.extend(parts.links);
                    self.images.extend(parts.images);
                }
            }
            Event::Rule if self.depth == 0 => {
                self.kind = Some(Kind::Rule);
                return true;
            }
            Event::Html(t) => {
                self.code.push_str(&t);
                if self.depth == 0 {
                    self.kind = Some(Kind::Html);
                    return true;
                }
            }
            _ => {}
        }
        false
    }

    fn text(&mut self, t: &str) {
        if self.in_code {
            self.code.push_str(t);
        } else if self.in_image > 0 {
            if let Some(img) = self.images.last_mut() {
                img.alt.push_str(t);
            }
        } else {
            if self.in_link > 0 {
                self.link_chars += t.trim().chars().count();
            }
            if self.in_strong > 0 {
                self.strong_chars += t.chars().filter(|c| c.is_alphanumeric()).count();
            }
            self.text.push_str(t);
            if let Some(item) = self.item_text.last_mut() {
                item.push_str(t);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let top = self.depth == 1;
        match tag {
            Tag::Heading { level, id, .. } if top => {
                self.kind = Some(Kind::Heading { level: level as u8, id: id.map(|i| i.to_string()) })
            }
            Tag::Paragraph if top => self.kind = Some(Kind::Paragraph),
            Tag::BlockQuote(_) if top => self.kind = Some(Kind::Quote),
            Tag::FootnoteDefinition(_) if top => self.kind = Some(Kind::Footnote),
            Tag::HtmlBlock if top => self.kind = Some(Kind::Html),
            Tag::Table(aligns) if top => self.kind = Some(Kind::Table { rows: 0, cols: aligns.len() }),
            Tag::CodeBlock(kind) => {
                self.in_code = true;
                if top {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => l.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    self.kind = Some(Kind::Code { lang });
                }
            }
            Tag::List(start) => {
                if top {
                    self.kind = Some(Kind::List { ordered: start.is_some(), items: 0, total: 0, depth: 0 });
                }
                self.list_depth += 1;
                self.lists.2 = self.lists.2.max(self.list_depth);
            }
            Tag::Item => {
                self.lists.1 += 1;
                if self.list_depth == 1 {
                    self.lists.0 += 1;
                }
                self.item_text.push(String::new());
            }
            Tag::TableHead | Tag::TableRow => {
                self.rows += 1;
                self.text.push(' ');
            }
            Tag::TableCell => self.text.push(' '),
            Tag::Strong | Tag::Emphasis => self.in_strong += 1,
            Tag::Link { dest_url, .. } => {
                self.in_link += 1;
                self.links.push(dest_url.to_string());
            }
            Tag::Image { dest_url, .. } => {
                self.in_image += 1;
                self.images.push(Image { src: dest_url.to_string(), alt: String::new() });
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::Link => self.in_link = self.in_link.saturating_sub(1),
            TagEnd::Strong | TagEnd::Emphasis => self.in_strong = self.in_strong.saturating_sub(1),
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            TagEnd::List(_) => self.list_depth = self.list_depth.saturating_sub(1),
            TagEnd::Item => {
                if let Some(t) = self.item_text.pop() {
                    self.pieces.push(collapse(&t));
                }
                self.text.push(' ');
            }
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableRow | TagEnd::TableHead => self.text.push(' '),
            _ => {}
        }
    }

    fn finish(self, line: usize) -> Block {
        let kind = match self.kind {
            Some(Kind::List { ordered, .. }) => {
                Kind::List { ordered, items: self.lists.0, total: self.lists.1, depth: self.lists.2 }
            }
            Some(Kind::Table { cols, .. }) => Kind::Table { rows: self.rows, cols },
            Some(k) => k,
            None => Kind::Html,
        };
        let (mut text, mut links, mut images) = (collapse(&self.text), self.links, self.images);
        if kind == Kind::Html {
            // An HTML block is compared by what it says: its text, links and images.
            let parts = super::markup::parts(&self.code);
            text = parts.text;
            links.extend(parts.links);
            images.extend(parts.images);
        }
        let pieces = if self.pieces.is_empty() { vec![text.clone()] } else { self.pieces };
        let alnum = text.chars().filter(|c| c.is_alphanumeric()).count();
        let strong = kind == Kind::Paragraph && self.strong_chars > 0 && self.strong_chars * 10 >= alnum * 9;
        Block {
            kind,
            range: self.range,
            line,
            text,
            pieces,
            links,
            images,
            code: self.code,
            redactions: Vec::new(),
            marks: Vec::new(),
            broken_links: Vec::new(),
            ignore: Vec::new(),
            link_chars: self.link_chars,
            strong,
        }
    }
}
