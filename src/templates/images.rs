//! Zola's image functions: `get_image_metadata(path, allow_missing)` and
//! `resize_image(path, width, height, op, format, quality)`, with the `image` crate.
//!
//! Input: a path looked up where Zola looks ([`super::functions::search_dirs`]). Output: the
//! image's size and format; for `resize_image`, the resized image, kept in
//! [`Processed`] until the output stage writes it to `processed_images/NAME` (NAME from a hash
//! of the source's bytes and the arguments, so the same call gives the same file), and its
//! URL and size. Failure: a template error naming the file, or the argument that is wrong.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use image::{DynamicImage, ImageFormat, ImageReader, imageops::FilterType};
use serde_json::{Value, json};
use sha2::Digest;
use tera::{Error, Function, Result};

use super::functions::{find_file, note};

/// Resized images made while rendering, by output path (`processed_images/…`).
pub type Processed = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

/// `get_image_metadata(path, allow_missing=false)`: `{width, height, format, mime}`.
pub struct GetImageMetadata {
    pub dirs: Vec<PathBuf>,
    /// The site's `content/` and the URL prefixes of its languages (`fr`): a co-located
    /// image named by its output path (`fr/blog/x.jpg`) is found in its content folder.
    pub content: PathBuf,
    pub prefixes: Vec<String>,
}

impl Function for GetImageMetadata {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        note(|r| r.files = true);
        let path =
            args.get("path").and_then(Value::as_str).ok_or_else(|| Error::msg("`get_image_metadata` needs `path`"))?;
        let allow_missing = args.get("allow_missing").and_then(Value::as_bool).unwrap_or(false);
        let path = path.trim_start_matches('/');
        let mut file = find_file(&self.dirs, path)?;
        if !file.is_file()
            && let Some((first, rest)) = path.split_once('/')
            && self.prefixes.iter().any(|p| p == first)
        {
            file = find_file(std::slice::from_ref(&self.content), rest.trim_start_matches('/'))?;
        }
        if !file.is_file() {
            if allow_missing {
                return Ok(Value::Null);
            }
            return Err(Error::msg(format!("`get_image_metadata`: there is no image `{path}`")));
        }
        if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
            return svg_size(&file).map_err(|m| Error::msg(format!("`get_image_metadata`: {}: {m}", file.display())));
        }
        let reader = ImageReader::open(&file)
            .and_then(ImageReader::with_guessed_format)
            .map_err(|e| Error::msg(format!("`get_image_metadata`: cannot read {}: {e}", file.display())))?;
        let format = reader.format();
        let (width, height) = reader
            .into_dimensions()
            .map_err(|e| Error::msg(format!("`get_image_metadata`: {} is not an image: {e}", file.display())))?;
        let (ext, mime) = format.map_or(("", ""), |f| (f.extensions_str()[0], f.to_mime_type()));
        Ok(json!({ "width": width, "height": height, "format": ext, "mime": mime }))
    }
}

/// An SVG's `width` and `height` attributes (or its `viewBox`).
fn svg_size(file: &std::path::Path) -> std::result::Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let start = text.find("<svg").ok_or("no <svg> element")?;
    let tag = &text[start..start + text[start..].find('>').ok_or("no <svg> element")?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let number = |s: String| s.trim_end_matches("px").parse::<f64>().ok();
    let view: Vec<f64> =
        attr("viewBox").map(|v| v.split([' ', ',']).filter_map(|n| n.parse().ok()).collect()).unwrap_or_default();
    let width = attr("width").and_then(number).or(view.get(2).copied()).ok_or("no width")?;
    let height = attr("height").and_then(number).or(view.get(3).copied()).ok_or("no height")?;
    Ok(
        json!({ "width": width.round() as u64, "height": height.round() as u64, "format": "svg", "mime": "image/svg+xml" }),
    )
}

/// `resize_image(path, width, height, op="fill", format="auto", quality=75)`.
pub struct ResizeImage {
    pub dirs: Vec<PathBuf>,
    pub base_url: String,
    pub processed: Processed,
}

impl Function for ResizeImage {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        note(|r| r.files = true);
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| Error::msg("`resize_image` needs `path`"))?;
        let size = |k: &str| args.get(k).and_then(whole).map(|n| n as u32);
        let (width, height) = (size("width"), size("height"));
        let op = args.get("op").and_then(Value::as_str).unwrap_or("fill");
        let quality = args.get("quality").and_then(Value::as_u64).unwrap_or(75).clamp(1, 100) as u8;
        let file = find_file(&self.dirs, path.trim_start_matches('/'))?;
        let bytes = std::fs::read(&file)
            .map_err(|e| Error::msg(format!("`resize_image`: cannot read {}: {e}", file.display())))?;
        let source_format = image::guess_format(&bytes).ok();
        let format = match args.get("format").and_then(Value::as_str).unwrap_or("auto") {
            "auto" => match source_format {
                Some(ImageFormat::Png | ImageFormat::Gif) => ImageFormat::Png,
                Some(ImageFormat::WebP) => ImageFormat::WebP,
                _ => ImageFormat::Jpeg,
            },
            "jpg" | "jpeg" => ImageFormat::Jpeg,
            "png" => ImageFormat::Png,
            "webp" => ImageFormat::WebP,
            other => {
                return Err(Error::msg(format!(
                    "`resize_image`: unknown format `{other}`: expected auto, jpg, png or webp"
                )));
            }
        };
        let image = image::load_from_memory(&bytes)
            .map_err(|e| Error::msg(format!("`resize_image`: {} is not an image: {e}", file.display())))?;
        let (orig_width, orig_height) = (image.width(), image.height());
        let resized = resize(image, op, width, height)?;
        let mut hash = sha2::Sha256::new();
        hash.update(&bytes);
        hash.update(format!("{op}|{width:?}|{height:?}|{format:?}|{quality}").as_bytes());
        let name: String = hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
        let ext = format.extensions_str()[0];
        let rel = format!("processed_images/{name}.{ext}");
        let (w, h) = (resized.width(), resized.height());
        let mut processed = self.processed.lock().map_err(|_| Error::msg("`resize_image`: a render failed"))?;
        if !processed.contains_key(&rel) {
            processed.insert(rel.clone(), encode(&resized, format, quality)?);
        }
        Ok(json!({
            "url": format!("{}/{rel}", self.base_url), "static_path": rel,
            "width": w, "height": h, "orig_width": orig_width, "orig_height": orig_height,
        }))
    }
}

/// A size: a whole number, also as a float (`(width / 2) | round` gives `750.0`).
fn whole(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))
}

/// Zola's operations: `scale` (exactly), `fit_width`, `fit_height`, `fit` (inside the box,
/// never larger), `fill` (the box, cropped to it).
fn resize(image: DynamicImage, op: &str, width: Option<u32>, height: Option<u32>) -> Result<DynamicImage> {
    let need = |v: Option<u32>, name: &str| {
        v.filter(|&n| n > 0).ok_or_else(|| Error::msg(format!("`resize_image`: `op=\"{op}\"` needs `{name}`")))
    };
    let (w0, h0) = (image.width().max(1), image.height().max(1));
    let f = FilterType::Lanczos3;
    Ok(match op {
        "scale" => image.resize_exact(need(width, "width")?, need(height, "height")?, f),
        "fit_width" => {
            let w = need(width, "width")?;
            image.resize_exact(w, ((u64::from(h0) * u64::from(w)) / u64::from(w0)).max(1) as u32, f)
        }
        "fit_height" => {
            let h = need(height, "height")?;
            image.resize_exact(((u64::from(w0) * u64::from(h)) / u64::from(h0)).max(1) as u32, h, f)
        }
        "fit" => {
            let (w, h) = (need(width, "width")?, need(height, "height")?);
            if w0 <= w && h0 <= h { image } else { image.resize(w, h, f) }
        }
        "fill" => image.resize_to_fill(need(width, "width")?, need(height, "height")?, f),
        other => {
            return Err(Error::msg(format!(
                "`resize_image`: unknown op `{other}`: expected scale, fit_width, fit_height, fit or fill"
            )));
        }
    })
}

fn encode(image: &DynamicImage, format: ImageFormat, quality: u8) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    let result = match format {
        ImageFormat::Jpeg => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(&rgb)
        }
        // The `image` crate writes lossless WebP only: `quality` does not apply.
        ImageFormat::WebP => image.to_rgba8().write_to(&mut out, ImageFormat::WebP),
        _ => image.write_to(&mut out, ImageFormat::Png),
    };
    result.map_err(|e| Error::msg(format!("`resize_image`: cannot encode the image: {e}")))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(dir: &std::path::Path, w: u32, h: u32) {
        DynamicImage::new_rgb8(w, h).save(dir.join("static/pic.png")).unwrap();
    }

    #[test]
    fn metadata_and_resizing_as_zola_gives_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        png(dir.path(), 40, 20);
        let dirs = vec![dir.path().to_path_buf(), dir.path().join("static")];
        let args = |v: Value| -> HashMap<String, Value> { v.as_object().unwrap().clone().into_iter().collect() };
        let meta = GetImageMetadata { dirs: dirs.clone(), content: dir.path().join("content"), prefixes: vec![] }
            .call(&args(json!({"path": "pic.png"})))
            .unwrap();
        assert_eq!(meta, json!({"width": 40, "height": 20, "format": "png", "mime": "image/png"}));
        let missing =
            GetImageMetadata { dirs: dirs.clone(), content: dir.path().join("c"), prefixes: vec!["fr".into()] };
        assert_eq!(missing.call(&args(json!({"path": "no.png", "allow_missing": true}))).unwrap(), Value::Null);
        assert!(missing.call(&args(json!({"path": "no.png"}))).is_err());
        // A co-located image named by its output path in another language.
        std::fs::create_dir_all(dir.path().join("c/blog")).unwrap();
        DynamicImage::new_rgb8(3, 2).save(dir.path().join("c/blog/x.png")).unwrap();
        assert_eq!(missing.call(&args(json!({"path": "fr/blog//x.png"}))).unwrap()["width"], 3);
        let processed = Processed::default();
        let resize = ResizeImage { dirs, base_url: "https://x".into(), processed: processed.clone() };
        let got = resize.call(&args(json!({"path": "pic.png", "width": 10, "op": "fit_width"}))).unwrap();
        assert_eq!((got["width"].clone(), got["height"].clone()), (json!(10), json!(5)));
        assert_eq!((got["orig_width"].clone(), got["orig_height"].clone()), (json!(40), json!(20)));
        let rel = got["static_path"].as_str().unwrap().to_string();
        assert!(rel.starts_with("processed_images/") && rel.ends_with(".png"), "{rel}");
        assert_eq!(got["url"], format!("https://x/{rel}"));
        let bytes = processed.lock().unwrap().get(&rel).cloned().unwrap();
        assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 10);
        let fill = resize.call(&args(json!({"path": "pic.png", "width": 8, "height": 8, "format": "jpg"}))).unwrap();
        assert_eq!((fill["width"].clone(), fill["height"].clone()), (json!(8), json!(8)));
        assert!(fill["static_path"].as_str().unwrap().ends_with(".jpg"));
        assert!(resize.call(&args(json!({"path": "pic.png", "op": "fill"}))).is_err(), "fill needs a size");
        // A size a template computed, `(width / 2) | round`, is a whole float.
        let half = resize.call(&args(json!({"path": "pic.png", "width": 20.0, "op": "fit_width"}))).unwrap();
        assert_eq!(half["width"], json!(20));
    }
}
