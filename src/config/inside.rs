//! The config's values that become output paths (feed file names, taxonomy names, slugs and
//! pagination paths): a `..` segment, which would write outside the output folder, is an
//! error at the key. And `base_url`, which every link is made of: an absolute `http(s)://`
//! URL with a host.

use super::raw::{RawConfig, RawTaxonomy};
use crate::paths::no_parent_segment;

/// The first value that would lead out of the output folder, as `(key, message)`.
pub fn check(raw: &RawConfig) -> Result<(), (&'static str, String)> {
    let at = |key: &'static str| move |msg: String| (key, format!("`{key}`: {msg}"));
    let feeds = |names: &Option<Vec<String>>, one: &Option<String>| -> Result<(), (&'static str, String)> {
        names.iter().flatten().try_for_each(|n| no_parent_segment(n).map_err(at("feed_filenames")))?;
        one.iter().try_for_each(|n| no_parent_segment(n).map_err(at("feed_filename")))
    };
    let taxonomies = |list: &[RawTaxonomy]| -> Result<(), (&'static str, String)> {
        for t in list {
            no_parent_segment(&t.name).map_err(at("taxonomies"))?;
            t.slug.iter().chain(&t.paginate_path).try_for_each(|v| no_parent_segment(v).map_err(at("taxonomies")))?;
        }
        Ok(())
    };
    feeds(&raw.feed_filenames, &raw.feed_filename)?;
    taxonomies(&raw.taxonomies)?;
    for l in raw.languages.values() {
        feeds(&l.feed_filenames, &l.feed_filename)?;
        l.taxonomies.as_deref().map_or(Ok(()), taxonomies)?;
    }
    Ok(())
}

/// Whether `url` (the config's `base_url` or `--base-url`) is an absolute `http://` or
/// `https://` URL with a host, and no spaces.
pub fn check_base_url(url: &str) -> Result<(), (&'static str, String)> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !url.chars().any(char::is_whitespace) => Ok(()),
        _ => Err((
            "base_url",
            format!(
                "`base_url` (or --base-url) `{url}` is not a URL: write the site's address, like `https://example.org`"
            ),
        )),
    }
}
