//! The static file server of the preview.
//!
//! Input: a request path and the folder of the current build. Output: the file with its
//! content type, an `ETag` (304 when `If-None-Match` matches), `Cache-Control: no-cache`; a
//! folder serves its `index.html`; a missing file serves the 404 page of its language
//! (`/fr/…` → `fr/404.html`, otherwise `404.html`) with status 404. HTML responses get the
//! live-reload script, in the response only, never on disk.
//!
//! Failure: a path that tries to leave the folder (`..`, `%2e%2e`, an encoded `/` or `\`,
//! a backslash, NUL, a symlink pointing outside) is refused with 400 or 404; no byte outside
//! the folder is ever read.

use std::path::{Path, PathBuf};

/// Why a path cannot be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The path is malformed or tries to climb out of the folder: 400.
    BadPath,
    /// Nothing there (or a symlink out of the folder): 404.
    NotFound,
}

/// Where a request path leads inside `root`.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A file to serve.
    File(PathBuf),
    /// A folder asked for without its trailing `/`: redirect there so relative links work.
    AddSlash,
}

/// Maps a request path (still percent-encoded, starting with `/`) to a file inside `root`.
pub fn resolve(root: &Path, raw: &str) -> Result<Found, Refused> {
    let segments = decode_segments(raw)?;
    let mut path = root.to_path_buf();
    path.extend(&segments);
    let meta = std::fs::metadata(&path).map_err(|_| Refused::NotFound)?;
    if meta.is_dir() {
        if !raw.ends_with('/') {
            return Ok(Found::AddSlash);
        }
        path.push("index.html");
    }
    // Symlinks may point anywhere: the real path must still be inside the real root.
    let real = path.canonicalize().map_err(|_| Refused::NotFound)?;
    let real_root = root.canonicalize().map_err(|_| Refused::NotFound)?;
    if !real.starts_with(&real_root) || !real.is_file() {
        return Err(Refused::NotFound);
    }
    Ok(Found::File(real))
}

/// Splits and percent-decodes the path, refusing anything that is not a plain name.
fn decode_segments(raw: &str) -> Result<Vec<String>, Refused> {
    if !raw.starts_with('/') || raw.contains('\\') {
        return Err(Refused::BadPath);
    }
    let mut out = Vec::new();
    for segment in raw.split('/') {
        let bytes = percent_decode(segment).ok_or(Refused::BadPath)?;
        let name = String::from_utf8(bytes).map_err(|_| Refused::BadPath)?;
        if name.contains(['/', '\\', '\0']) || name == ".." {
            return Err(Refused::BadPath);
        }
        if !name.is_empty() && name != "." {
            out.push(name);
        }
    }
    Ok(out)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The 404 page for a request path: the language folder's `404.html` when the first segment
/// names a folder that has one (`/fr/…`), else the root `404.html`.
pub fn not_found_page(root: &Path, raw: &str) -> Option<PathBuf> {
    let first = raw.trim_start_matches('/').split('/').next().unwrap_or_default();
    let localized = (!first.is_empty() && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then(|| root.join(first).join("404.html"))
        .filter(|p| p.is_file());
    localized.or_else(|| Some(root.join("404.html")).filter(|p| p.is_file()))
}

/// A strong validator that follows the bytes served: a digest of the file's bytes (and `-r`
/// when the reload script is added, which carries this same tag). A rebuild that leaves a
/// page's bytes as they were leaves its tag, so its open tabs do not reload.
pub fn etag(bytes: &[u8], injected: bool) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}{}\"", if injected { "-r" } else { "" })
}

/// Whether an `If-None-Match` header value matches `tag`.
pub fn matches_etag(header: &str, tag: &str) -> bool {
    header.split(',').map(str::trim).any(|t| t == "*" || t == tag || t.strip_prefix("W/") == Some(tag))
}

/// The content type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" | "xsl" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Inserts the live-reload script before `</body>` (or at the end when there is none), for
/// a page made for build `build` (a dashboard): it reloads at every new build.
pub fn inject(html: &[u8], build: u64) -> Vec<u8> {
    insert(html, &format!("<script src=\"/_cahier/live.js\" data-build=\"{build}\" defer></script>"))
}

/// As [`inject`], for a file of the build whose ETag is `tag`: the page reloads only when a
/// new build serves it with another tag.
pub fn inject_version(html: &[u8], tag: &str) -> Vec<u8> {
    let version = tag.trim_matches('"');
    insert(html, &format!("<script src=\"/_cahier/live.js\" data-version=\"{version}\" defer></script>"))
}

fn insert(html: &[u8], tag: &str) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_or_hide_separators_are_refused() {
        for raw in ["/../x", "/a/%2e%2e/x", "/a/%2E%2E/x", "/a%2fb", "/a%5cb", "/a\\b", "/%00", "x", "/%zz"] {
            assert_eq!(decode_segments(raw), Err(Refused::BadPath), "{raw}");
        }
        assert_eq!(decode_segments("/fr/./caf%C3%A9/").unwrap(), vec!["fr", "café"]);
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<body>x</BODY>", 4);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("<body>x<script src=\"/_cahier/live.js\" data-build=\"4\""), "{text}");
        assert!(text.ends_with("</BODY>"));
        assert!(matches_etag("W/\"a\", \"b\"", "\"b\""));
        let tag = etag(b"<body>x</body>", true);
        let text = String::from_utf8(inject_version(b"<body>x</body>", &tag)).unwrap();
        assert!(text.contains(&format!("data-version=\"{}\"", tag.trim_matches('"'))), "{text}");
    }

    #[test]
    fn the_etag_follows_the_bytes() {
        assert_eq!(etag(b"same", true), etag(b"same", true));
        assert_ne!(etag(b"same", true), etag(b"other", true));
        assert_ne!(etag(b"same", true), etag(b"same", false));
    }
}
