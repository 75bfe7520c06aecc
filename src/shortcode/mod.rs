//! Shortcode syntax, shared by the redaction stage (which owns `redact`) and the Markdown
//! stage (every other shortcode): `{{ name(args) }}`, `{% name(args) %}body{% end %}`, and the
//! escapes `{{/* … */}}` and `{%/* … */%}` that print a call literally.
//!
//! Input: a page body. Output: its [`Piece`]s in order: text, escaped (literal) calls, and
//! calls with their arguments as JSON values and, for block calls, the byte range of the body
//! (nested calls inside a body are found by parsing the body again). Failure: a
//! [`SyntaxError`] at a byte offset: a block call never closed, an `{% end %}` that closes
//! nothing, a malformed `redact` call.
//! Text that only looks like a call (`{{ x }}` with no parentheses), a malformed call of
//! another shortcode, or one in code, is text, as in Zola.

mod lexer;

use std::ops::Range;

use lexer::{Lexer, Token};

/// A shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: serde_json::Map<String, serde_json::Value>,
    /// The whole call, from `{{`/`{%` to the closing `}}`/`%}` or, for a block, to the end of
    /// its `{% end %}`.
    pub span: Range<usize>,
    /// A block call's body, between its opening tag and its `{% end %}`.
    pub body: Option<Range<usize>>,
}

/// A piece of a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(Range<usize>),
    /// An escaped call: `span` in the source, `literal` what to print instead.
    Escaped {
        span: Range<usize>,
        literal: String,
    },
    Call(Call),
}

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Splits `text` into pieces: top-level calls only (a block's body is a range to parse
/// again).
pub fn parse(text: &str) -> Result<Vec<Piece>, SyntaxError> {
    let mut pieces = Vec::new();
    // Open blocks: (name, args, start of the opening tag, start of the body).
    let mut open: Vec<(String, serde_json::Map<String, serde_json::Value>, usize, usize)> = Vec::new();
    let mut text_start = 0;
    let mut lexer = Lexer::new(text);
    while let Some(token) = lexer.next() {
        let token = token?;
        // The `{% end %}` of a malformed block call left as text is text too.
        if matches!(token, Token::End { .. }) && open.is_empty() && lexer.skipped_blocks > 0 {
            lexer.skipped_blocks -= 1;
            continue;
        }
        let span = token.span();
        if open.is_empty() && span.start > text_start {
            pieces.push(Piece::Text(text_start..span.start));
        }
        match token {
            Token::Escaped { span, literal } => {
                if open.is_empty() {
                    pieces.push(Piece::Escaped { span: span.clone(), literal });
                }
                text_start = span.end;
            }
            Token::Inline { name, args, span } => {
                if open.is_empty() {
                    pieces.push(Piece::Call(Call { name, args, span: span.clone(), body: None }));
                }
                text_start = span.end;
            }
            Token::Open { name, args, span } => {
                open.push((name, args, span.start, span.end));
                text_start = span.end;
            }
            Token::End { span } => {
                let Some((name, args, start, body_start)) = open.pop() else {
                    return Err(SyntaxError {
                        offset: span.start,
                        message: "`{% end %}` closes nothing: there is no `{% name(...) %}` open here".into(),
                    });
                };
                if open.is_empty() {
                    pieces.push(Piece::Call(Call {
                        name,
                        args,
                        span: start..span.end,
                        body: Some(body_start..span.start),
                    }));
                }
                text_start = span.end;
            }
        }
    }
    if let Some((name, _, start, _)) = open.first() {
        return Err(SyntaxError {
            offset: *start,
            message: format!("`{{% {name}(...) %}}` is never closed: add `{{% end %}}` after its body"),
        });
    }
    if text_start < text.len() {
        pieces.push(Piece::Text(text_start..text.len()));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests;
