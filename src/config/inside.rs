//! The config's values that become output paths (feed file names, taxonomy names, slugs and
//! pagination paths): a `..` segment, which would write outside the output folder, is an
//! error at the key.

use super::raw::{RawConfig, RawTaxonomy};
use crate::output::guard::no_parent_segment;

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
