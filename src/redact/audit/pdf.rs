//! PDF files for the audit: what a reader of a PDF can get out of it, as texts.
//!
//! Input: the bytes of a PDF. Output: [`Texts`]: the text of its pages as a PDF reader
//! extracts it (with each font's encoding and ToUnicode map, by pdf-extract), every string of
//! its objects (document information, bookmarks, annotations and comments, form fields), and
//! each stream decompressed (content streams, XMP metadata, embedded files), which the caller
//! reads again as files: a Word file attached to a PDF is read as one. An image's pixels are
//! not read, only its encoded bytes (a JPEG's EXIF). Failure: the reason, when the PDF cannot
//! be parsed, has a password, holds a stream other than an image's that cannot be
//! decompressed, or its text cannot be extracted: the audit then fails closed.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;

use pdf_extract::{Document, Object, ObjectId, PlainTextOutput, Stream, decode_text_string};

/// What the audit reads of a PDF.
pub(super) struct Texts {
    /// The text of the pages, page after page.
    pub pages: String,
    /// Every string of every object, one per line.
    pub strings: String,
    /// Each stream's decompressed content (an image's as it is encoded), by object.
    pub streams: Vec<(ObjectId, Vec<u8>)>,
}

/// Whether the file `name` holding `bytes` is a PDF: it starts with `%PDF-`, or it is named
/// `.pdf` and `%PDF-` is within its first kilobyte, where readers look for it.
pub(super) fn is_pdf(name: &Path, bytes: &[u8]) -> bool {
    let named_pdf = name.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    bytes.starts_with(b"%PDF-")
        || (named_pdf && memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some())
}

/// Reads the texts of the PDF `bytes`. The reader and the extractor panic on some malformed
/// PDFs: that is caught, and reported as a reason like any other.
pub(super) fn read(bytes: &[u8]) -> Result<Texts, String> {
    quietly(|| texts(bytes)).unwrap_or_else(|_| Err("the PDF reader failed on it (a malformed PDF?)".into()))
}

fn texts(bytes: &[u8]) -> Result<Texts, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| format!("it cannot be parsed: {e}"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("it is encrypted with a password".into());
    }
    let mut strings = String::new();
    let mut streams = Vec::new();
    for (&id, object) in &doc.objects {
        add_strings(object, &mut strings);
        if let Object::Stream(stream) = object {
            streams.push((id, content(stream).map_err(|e| format!("stream {} {}: {e}", id.0, id.1))?));
        }
    }
    let mut pages = String::new();
    pdf_extract::output_doc(&doc, &mut PlainTextOutput::new(&mut pages))
        .map_err(|e| format!("its text cannot be extracted: {e}"))?;
    Ok(Texts { pages, strings, streams })
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook printing it: the caller reports the PDF
/// as unreadable instead.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                previous(info);
            }
        }));
    });
    QUIET.set(true);
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.set(false);
    result
}

/// The decompressed content of a stream; an image's as it is encoded (a JPEG keeps its EXIF
/// there; decoded pixels hold no text, and would take many times the file's size).
fn content(stream: &Stream) -> Result<Vec<u8>, String> {
    if is_image(stream) {
        return Ok(stream.content.clone());
    }
    stream.decompressed_content().map_err(|e| format!("cannot be decompressed: {e}"))
}

fn is_image(stream: &Stream) -> bool {
    stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image")
}

/// Appends every string in `object` (dictionaries and arrays walked) to `out`, decoded as PDF
/// text strings (PDFDocEncoding, UTF-16BE or UTF-8), or as Latin-1 where that fails.
fn add_strings(object: &Object, out: &mut String) {
    match object {
        Object::String(bytes, _) => {
            match decode_text_string(object) {
                Ok(text) => out.push_str(&text),
                Err(_) => out.extend(bytes.iter().map(|&b| char::from(b))),
            }
            out.push('\n');
        }
        Object::Array(items) => items.iter().for_each(|o| add_strings(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| add_strings(o, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| add_strings(o, out)),
        _ => {}
    }
}
