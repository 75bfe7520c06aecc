//! The other ways a file can hold text, for the audit: UTF-16, Windows-1252 (and so Latin-1),
//! PNG's compressed text chunks, base64 runs (`data:` URIs), and the compressed formats it
//! cannot open (bzip2, xz, zstd, 7z, rar), which fail it.
//!
//! Input: a file's bytes. Output: extra texts ([`texts`]), each with the suffix that names it
//! in a leak (`#utf-16le`, `#png-text`; none for Windows-1252), and extra byte strings to read as files
//! of their own ([`embedded`]: the decoded base64 runs). Failure: [`unreadable`] names a
//! compression the audit cannot read.

use std::io::Read;

use base64::Engine;

/// The compression the audit cannot read that `bytes` starts with, if any.
pub(super) fn unreadable(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xFD7zXZ\x00", "xz"),
        (b"\x28\xB5\x2F\xFD", "zstd"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
        (b"Rar!\x1A\x07", "rar"),
        (b"\x04\x22\x4D\x18", "lz4"),
    ];
    let bzip2 = bytes.len() > 10 && bytes.starts_with(b"BZh") && (b'1'..=b'9').contains(&bytes[3]);
    if bzip2 && bytes[4..10] == *b"\x31\x41\x59\x26\x53\x59" {
        return Some("bzip2");
    }
    MAGIC.iter().find(|(m, _)| bytes.starts_with(m)).map(|(_, name)| *name)
}

/// The texts of `bytes` that reading it as UTF-8 misses: UTF-16 (a BOM, or a file that is
/// mostly NUL bytes on one side: text, an image's EXIF `XPTitle`), Windows-1252 when it is not
/// UTF-8, and PNG text chunks.
/// `utf8`: whether `bytes` is valid UTF-8 (the caller knows it already).
pub(super) fn texts(bytes: &[u8], utf8: bool) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        out.push(("#utf-16le", utf16(rest, u16::from_le_bytes)));
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        out.push(("#utf-16be", utf16(rest, u16::from_be_bytes)));
    } else if !utf8 || memchr::memchr(0, bytes).is_some() {
        // No BOM: both byte orders. Text at an odd offset is read by the other order, all but
        // its first character (`P\0r\0` one byte in pairs as `\0r`).
        out.push(("#utf-16le", utf16(bytes, u16::from_le_bytes)));
        out.push(("#utf-16be", utf16(bytes, u16::from_be_bytes)));
    }
    if !utf8 {
        // Named as the file: what a byte search of it would have found, read right.
        out.push(("", bytes.iter().map(|&b| cp1252(b)).collect()));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        out.extend(png_text(bytes).into_iter().map(|t| ("#png-text", t)));
    }
    out
}

/// UTF-16 code units decoded; what is not text becomes spaces, so that runs of text stand
/// apart.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|c| c.ok().filter(|c| !c.is_control() || c.is_whitespace()).unwrap_or(' ')).collect()
}

/// A Windows-1252 byte (Latin-1 with typographic quotes and dashes in 0x80 to 0x9F).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', ' ', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', ' ', 'Ž', ' ', ' ', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', ' ', 'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }
}

/// The texts of a PNG's `tEXt`, `zTXt` and `iTXt` chunks, decompressed (a corrupt compressed
/// chunk is read as it is).
fn png_text(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        let kind = &bytes[at + 4..at + 8];
        let Some(data) = bytes.get(at + 8..at + 8 + len) else { break };
        at += 12 + len;
        let (key, rest) = match memchr::memchr(0, data) {
            Some(i) => (&data[..i], &data[i + 1..]),
            None => continue,
        };
        let text = match kind {
            b"tEXt" => rest.iter().map(|&b| char::from(b)).collect(),
            b"zTXt" => inflate(rest.get(1..).unwrap_or_default()),
            b"iTXt" => {
                let (flag, rest) = (rest.first().copied().unwrap_or(0), rest.get(2..).unwrap_or_default());
                // Language tag and translated keyword, each ended by a NUL.
                let mut parts = rest.splitn(3, |&b| b == 0);
                let (lang, translated, text) = (parts.next(), parts.next(), parts.next().unwrap_or_default());
                let text = if flag == 1 { inflate(text) } else { String::from_utf8_lossy(text).into_owned() };
                let translated = String::from_utf8_lossy(translated.unwrap_or_default());
                format!("{} {translated} {text}", String::from_utf8_lossy(lang.unwrap_or_default()))
            }
            _ => continue,
        };
        out.push(format!("{} {text}", String::from_utf8_lossy(key)));
    }
    out
}

fn inflate(data: &[u8]) -> String {
    let mut out = Vec::new();
    match flate2::read::ZlibDecoder::new(data).read_to_end(&mut out) {
        Ok(_) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    }
}

/// The base64 runs of a text, decoded: a `data:…;base64,` URI's payload, and any run of
/// [`LONG`] or more base64 characters that mixes upper and lower case letters (hex digests do
/// not).
pub(super) fn embedded(text: &str) -> Vec<Vec<u8>> {
    let bytes = text.as_bytes();
    let b64 = |i: usize| BASE64[usize::from(bytes[i])];
    let run_end = |mut end: usize| {
        while end < bytes.len() && b64(end) {
            end += 1;
        }
        end
    };
    let mut runs = Vec::new();
    for at in memchr::memmem::find_iter(bytes, ";base64,") {
        let start = at + ";base64,".len();
        let end = run_end(start);
        if end - start >= 4 {
            runs.push(start..end);
        }
    }
    // A long run covers one byte in every `LONG`: look at those only, and at the run around
    // one that is base64 (most of a text is short words between spaces and tags).
    let mut i = LONG - 1;
    while i < bytes.len() {
        if !b64(i) {
            i += LONG;
            continue;
        }
        let mut start = i;
        while start > 0 && b64(start - 1) {
            start -= 1;
        }
        let end = run_end(i);
        let run = &bytes[start..end];
        if run.len() >= LONG && run.iter().any(u8::is_ascii_uppercase) && run.iter().any(u8::is_ascii_lowercase) {
            runs.push(start..end);
        }
        i = end + LONG;
    }
    runs.sort_by_key(|r| r.start);
    runs.dedup();
    let engine = base64::engine::general_purpose::STANDARD_NO_PAD;
    let mut out = Vec::new();
    for range in runs {
        let run = text[range].replace('-', "+").replace('_', "/");
        let keep = if run.len() % 4 == 1 { run.len() - 1 } else { run.len() };
        if let Ok(decoded) = engine.decode(&run[..keep]) {
            out.push(decoded);
        }
    }
    out
}

/// How long a base64 run must be to be decoded when no `data:` URI announces it.
const LONG: usize = 40;

/// The bytes of base64 in either alphabet (standard and URL-safe), padding excepted.
const BASE64: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::super::scan;
    use crate::redact::secrets::{SecretSpan, Secrets};

    fn leaks(files: &[(&str, Vec<u8>)]) -> anyhow::Result<Vec<String>> {
        let mut s = Secrets::default();
        let span =
            SecretSpan { secret: "Project Zephyr", before: "", after: "", source: "content/a.md".into(), line: 3 };
        s.add(&span, 4);
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let found = scan(dir.path(), &s)?;
        Ok(found.iter().map(|l| l.output.strip_prefix(dir.path()).unwrap().display().to_string()).collect())
    }

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn finds_secrets_in_other_encodings_and_hidden_characters() {
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("Project Zephyr".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let found = leaks(&[
            ("bom.txt", utf16le("Note: Project Zephyr.", true)),
            ("nobom.txt", utf16le("Note: Project Zephyr.", false)),
            ("be.txt", be),
            ("latin1.txt", b"Projet \xe9t\xe9 \x93Project Zephyr\x94".to_vec()),
            ("soft.html", "<p>Pro\u{AD}ject Ze\u{200B}phyr</p>".as_bytes().to_vec()),
            ("clean.html", b"<p>Nothing here.</p>".to_vec()),
        ])
        .unwrap();
        assert_eq!(found, ["be.txt#utf-16be", "bom.txt#utf-16le", "latin1.txt", "nobom.txt#utf-16le", "soft.html"]);
    }

    #[test]
    fn finds_secrets_in_png_chunks_exif_xp_tags_base64_and_file_names() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"Site visit, Project Zephyr").unwrap();
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0; 4]);
            c
        };
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"zTXt", &[b"Comment\0\0".as_slice(), &z.finish().unwrap()].concat()));
        let mut jpeg = b"\xff\xd8\xff\xe1\0\x40Exif\0\0II*\0\x08\0\0\0\x9b\x9c\x01\0".to_vec();
        jpeg.extend(utf16le("Project Zephyr", false));
        let data_uri = format!("<img src=\"data:text/plain;base64,{}\">", "UHJvamVjdCBaZXBoeXI=");
        let found = leaks(&[
            ("chart.png", png),
            ("photo.jpg", jpeg),
            ("inline.html", data_uri.into_bytes()),
            ("project-zephyr.html", b"<p>A page.</p>".to_vec()),
        ])
        .unwrap();
        assert_eq!(found, ["chart.png#png-text", "inline.html#base64-0", "photo.jpg#utf-16le", "project-zephyr.html"]);
    }

    #[test]
    fn long_base64_runs_are_found_wherever_they_start() {
        let run = "UHJvamVjdCBaZXBoeXIgaXMgdGhlIHBsYW4gZm9y"; // "Project Zephyr is the plan for"
        assert_eq!(run.len(), super::LONG);
        for pad in 0..90 {
            let text = format!("{}{run} <p>x</p>", "ab ".repeat(pad / 3) + &" ".repeat(pad % 3));
            assert_eq!(super::embedded(&text), [b"Project Zephyr is the plan for".to_vec()], "{pad}");
            let short = format!("{}{} x", " ".repeat(pad), &run[..super::LONG - 1]);
            assert!(super::embedded(&short).is_empty(), "{pad}");
        }
        let twice = format!("<img src=\"data:image/png;base64,{run}\"> {run}");
        assert_eq!(super::embedded(&twice).len(), 2, "a data URI's run is decoded once");
    }

    #[test]
    fn a_compression_the_audit_cannot_read_fails_it() {
        for (magic, kind) in [
            (b"\xFD7zXZ\x00rest".to_vec(), "xz"),
            (b"\x28\xB5\x2F\xFDrest".to_vec(), "zstd"),
            (b"BZh91AY&SYrest".to_vec(), "bzip2"),
        ] {
            let err = leaks(&[("notes.bin", magic)]).unwrap_err().to_string();
            assert!(
                err.contains(&format!("notes.bin is compressed with {kind}, which the audit cannot read")),
                "{err}"
            );
        }
        assert!(leaks(&[("bzh.txt", b"BZh is a prefix".to_vec())]).unwrap().is_empty());
    }
}
