//! `load_data(path, format, required)`: a data file of the site, read as Zola reads it.
//!
//! Input: the file's path (looked for where Zola looks, [`super::functions::search_dirs`]) and
//! its format (from the argument, else the extension): TOML, JSON, CSV, YAML, or plain text.
//! Output: the file's data as a template value. Failure: a template error naming the file (not
//! found, unreadable, not UTF-8, malformed, or holding a redaction marker); `url` is refused,
//! as cahier never uses the network at build time.

use std::path::PathBuf;

use serde_json::{Value, json};
use tera::{Error, Function, Result};

use super::functions::{Args, bool_arg, find_file, note, opt_string, string_arg};

/// `load_data(path, format, required)`: local files only (no network at build time).
pub struct LoadData {
    pub root: PathBuf,
    /// Where relative paths are looked for ([`search_dirs`]).
    pub dirs: Vec<PathBuf>,
}

impl Function for LoadData {
    fn call(&self, args: &Args) -> Result<Value> {
        if args.contains_key("url") {
            return Err(Error::msg(
                "`load_data`: `url` is not supported: cahier never uses the network at build time; save the file in the site and use `path`",
            ));
        }
        note(|r| r.files = true);
        let path = string_arg(args, "path", "load_data")?;
        let file = find_file(&self.dirs, path)?;
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(_) if !bool_arg(args, "required", true) => return Ok(Value::Null),
            Err(e) => return Err(Error::msg(format!("`load_data`: cannot read {}: {e}", file.display()))),
        };
        let shown = file.strip_prefix(&self.root).unwrap_or(&file);
        let text = crate::diag::utf8(bytes, shown)
            .map_err(|d| Error::msg(format!("`load_data`: {}: {}", d.place(), d.message)))?;
        if let Some(marker) = crate::redact::stray::in_data_file(shown, &text) {
            return Err(Error::msg(format!("`load_data`: {marker}")));
        }
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format = opt_string(args, "format").unwrap_or(ext);
        match format {
            "toml" => toml::from_str::<toml::Value>(&text)
                .map(|v| crate::templates::context::toml_to_json(&v))
                .map_err(|e| Error::msg(format!("`load_data`: {}: {e}", file.display()))),
            "json" => {
                serde_json::from_str(&text).map_err(|e| Error::msg(format!("`load_data`: {}: {e}", file.display())))
            }
            "yaml" | "yml" => serde_yaml_ng::from_str::<Value>(&text)
                .map_err(|e| Error::msg(format!("`load_data`: {}: {e}", file.display()))),
            "csv" => {
                let mut reader = csv::Reader::from_reader(text.as_bytes());
                let headers: Vec<String> =
                    reader.headers().map_err(|e| Error::msg(e.to_string()))?.iter().map(str::to_string).collect();
                let mut records = Vec::new();
                for r in reader.records() {
                    let r = r.map_err(|e| Error::msg(format!("`load_data`: {}: {e}", file.display())))?;
                    records.push(r.iter().map(str::to_string).collect::<Vec<_>>());
                }
                Ok(json!({ "headers": headers, "records": records }))
            }
            _ => Ok(Value::String(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;
    use tera::Function;

    use super::LoadData;

    #[test]
    fn load_data_reads_yaml_as_zola_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("menu.yaml"), "items:\n  - name: Home\n    url: /\n  - name: Blog\n    url: /blog/\n")
            .unwrap();
        std::fs::write(root.join("bad.yml"), "items: [unclosed\n").unwrap();
        let load = LoadData { root: root.clone(), dirs: vec![root] };
        let args = |path: &str| HashMap::from([("path".to_string(), json!(path))]);
        let menu = load.call(&args("menu.yaml")).unwrap();
        assert_eq!(menu, json!({ "items": [{ "name": "Home", "url": "/" }, { "name": "Blog", "url": "/blog/" }] }));
        let err = load.call(&args("bad.yml")).unwrap_err().to_string();
        assert!(err.contains("`load_data`") && err.contains("bad.yml"), "{err}");
    }
}
