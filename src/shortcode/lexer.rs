//! The shortcode lexer: finds calls, block ends and escapes in a body and parses call
//! arguments (`key = "string"`, `'string'`, `` `string` ``, numbers, booleans, arrays).
//!
//! As lenient as Zola 0.22: commas between arguments are optional, and a malformed call is
//! left as text. Not `redact`: a malformed `redact` call is an error, so redaction fails
//! closed. Calls in code blocks are calls, as in Zola (it renders them there too).

use std::ops::Range;

use serde_json::{Map, Number, Value};

use super::SyntaxError;

pub(super) enum Token {
    Escaped { span: Range<usize>, literal: String },
    Inline { name: String, args: Map<String, Value>, span: Range<usize> },
    Open { name: String, args: Map<String, Value>, span: Range<usize> },
    End { span: Range<usize> },
}

impl Token {
    pub(super) fn span(&self) -> Range<usize> {
        match self {
            Token::Escaped { span, .. }
            | Token::Inline { span, .. }
            | Token::Open { span, .. }
            | Token::End { span } => span.clone(),
        }
    }
}

pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    failed: bool,
    /// Block calls (`{% name(…) %}`) left as text because they were malformed: as many
    /// `{% end %}` that close nothing are text too.
    pub(super) skipped_blocks: usize,
}

/// The name of the one shortcode that is never lenient.
const STRICT: &str = "redact";

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self { text, pos: 0, failed: false, skipped_blocks: 0 }
    }

    /// Tries to read a token starting at `start` (which holds `{{` or `{%`). `Ok(None)` when
    /// the text there only looks like a call.
    fn token_at(&mut self, start: usize) -> Result<Option<Token>, SyntaxError> {
        let bytes = self.text.as_bytes();
        let block = bytes[start + 1] == b'%';
        let close = if block { "%}" } else { "}}" };
        let after = start + 2;
        if self.text[after..].starts_with("/*") {
            let end_marker = if block { "*/%}" } else { "*/}}" };
            let Some(rel) = self.text[after + 2..].find(end_marker) else {
                return Ok(None);
            };
            let inner = &self.text[after + 2..after + 2 + rel];
            // As in Zola, only a call (or a block's `end`) is escaped: `{{/* end */}}` is text.
            if !escapable(inner.trim(), block) {
                return Ok(None);
            }
            let open = if block { "{%" } else { "{{" };
            let literal = format!("{open}{inner}{close}");
            return Ok(Some(Token::Escaped { span: start..after + 2 + rel + end_marker.len(), literal }));
        }
        let mut c = Cursor { text: self.text, pos: after };
        c.skip_ws();
        let Some(name) = c.ident() else { return Ok(None) };
        c.skip_ws();
        if block && name == "end" && c.eat(close) {
            return Ok(Some(Token::End { span: start..c.pos }));
        }
        if !c.eat("(") {
            return Ok(None);
        }
        let strict = name == STRICT;
        let args = match c.args(&name) {
            Ok(args) => args,
            Err(_) if !strict => return Ok(self.left_as_text(block)),
            Err(e) => return Err(e),
        };
        c.skip_ws();
        if !c.eat(close) {
            if !strict {
                return Ok(self.left_as_text(block));
            }
            return Err(err(c.pos, format!("the call of `{name}` must end with `{close}` right after its `)`")));
        }
        let span = start..c.pos;
        Ok(Some(if block { Token::Open { name, args, span } } else { Token::Inline { name, args, span } }))
    }
}

/// Whether the inside of an escape is a call (`name(…)`), or `end` in a block escape.
fn escapable(inner: &str, block: bool) -> bool {
    let name_len = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    (block && inner == "end")
        || (name_len > 0 && inner[name_len..].trim_start().starts_with('(') && inner.ends_with(')'))
}

impl Lexer<'_> {
    fn left_as_text(&mut self, block: bool) -> Option<Token> {
        if block {
            self.skipped_blocks += 1;
        }
        None
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Token, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            let rel = self.text[self.pos..].find('{')?;
            let start = self.pos + rel;
            let next = self.text.as_bytes().get(start + 1).copied();
            if !matches!(next, Some(b'{') | Some(b'%')) {
                self.pos = start + 1;
                continue;
            }
            match self.token_at(start) {
                Ok(Some(token)) => {
                    self.pos = token.span().end;
                    return Some(Ok(token));
                }
                Ok(None) => self.pos = start + 1,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

fn err(offset: usize, message: impl Into<String>) -> SyntaxError {
    SyntaxError { offset, message: message.into() }
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        self.pos += len;
        Some(rest[..len].to_string())
    }

    /// Arguments up to and including the closing `)`.
    fn args(&mut self, name: &str) -> Result<Map<String, Value>, SyntaxError> {
        let mut args = Map::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                return Ok(args);
            }
            let at = self.pos;
            let Some(key) = self.ident() else {
                return Err(err(at, format!("in the call of `{name}`: expected an argument name or `)`")));
            };
            self.skip_ws();
            if !self.eat("=") {
                return Err(err(self.pos, format!("in the call of `{name}`: expected `=` after `{key}`")));
            }
            self.skip_ws();
            let value = self.value(name)?;
            if args.insert(key.clone(), value).is_some() {
                return Err(err(at, format!("in the call of `{name}`: `{key}` is given twice")));
            }
            self.skip_ws();
            // Zola does not require the comma.
            self.eat(",");
        }
    }

    fn value(&mut self, name: &str) -> Result<Value, SyntaxError> {
        let at = self.pos;
        let rest = self.rest();
        let bad = || {
            err(
                at,
                format!(
                    "in the call of `{name}`: expected a value (a quoted string, a number, true, false or [a, list])"
                ),
            )
        };
        match rest.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => self.string(q, name).map(Value::String),
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.eat("]") {
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value(name)?);
                    self.skip_ws();
                    if !self.eat(",") && !self.rest().starts_with(']') {
                        return Err(err(self.pos, format!("in the call of `{name}`: expected `,` or `]` in a list")));
                    }
                }
            }
            Some(_) if rest.starts_with("true") => {
                self.pos += 4;
                Ok(Value::Bool(true))
            }
            Some(_) if rest.starts_with("false") => {
                self.pos += 5;
                Ok(Value::Bool(false))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let len = rest[1..].find(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(rest.len(), |n| n + 1);
                let s = &rest[..len];
                self.pos += len;
                if let Ok(i) = s.parse::<i64>() {
                    Ok(Value::Number(i.into()))
                } else {
                    s.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number).ok_or_else(bad)
                }
            }
            _ => Err(bad()),
        }
    }

    fn string(&mut self, quote: char, name: &str) -> Result<String, SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.pos += i + 1;
                return Ok(out);
            }
            if c == '\\' && quote == '"' {
                match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => out.push(e),
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, other)) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => break,
                }
                continue;
            }
            out.push(c);
        }
        Err(err(at, format!("in the call of `{name}`: this string is never closed (add its `{quote}`)")))
    }
}
