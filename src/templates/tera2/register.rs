//! Every function, filter and test a Zola 0.23 template can call, registered on a Tera 2
//! instance: Zola's (the shared implementations, adapted), cahier's (`get_section_pages`,
//! `mark_redacted`, `withheld`), and those Zola 0.23 takes from `tera-contrib`.
//!
//! Input: the site's config, data and UI strings (empty ones when templates are only being
//! parsed). Output: the instance, with each name registered. Failure: none here.

use std::sync::Arc;

use tera2::{Kwargs, State, Tera, TeraResult, Value};

use super::adapt::{Filter, Function};
use crate::config::Config;
use crate::i18n::I18n;
use crate::templates::functions::{self as f, TaxonomyWhat};
use crate::templates::{SiteData, filters, images, review};

/// Registers everything on `tera`.
pub(super) fn all(
    tera: &mut Tera,
    config: &Arc<Config>,
    data: &Arc<SiteData>,
    i18n: &Arc<I18n>,
    processed: &images::Processed,
) {
    zola_functions(tera, config, data, i18n, processed);
    zola_filters(tera, config, data);
    contrib(tera);
}

fn zola_functions(
    tera: &mut Tera,
    config: &Arc<Config>,
    data: &Arc<SiteData>,
    i18n: &Arc<I18n>,
    processed: &images::Processed,
) {
    let (c, d) = (config.clone(), data.clone());
    let dirs = f::search_dirs(config);
    tera.register_function(
        "trans",
        Function::with_lang(f::Trans { i18n: i18n.clone(), default_language: config.default_language.clone() }),
    );
    tera.register_function("get_url", Function::with_lang(f::GetUrl { config: c.clone(), data: d.clone() }));
    let direction = f::TextDirection { default_language: config.default_language.clone() };
    tera.register_function("text_direction", Function::with_lang(direction));
    // Zola 0.23 names a page by its canonical path and `lang` (the template's by default).
    for (name, section) in [("get_page", false), ("get_section", true)] {
        let inner = f::GetEntry { config: c.clone(), data: d.clone(), section };
        tera.register_function(name, Function { inner, renames: &[], lang: true, canonical: Some(c.clone()) });
    }
    let pages = f::GetSectionPages { config: c.clone(), data: d.clone() };
    tera.register_function(
        "get_section_pages",
        Function { inner: pages, renames: &[], lang: true, canonical: Some(c.clone()) },
    );
    for (name, what) in [("get_taxonomy", TaxonomyWhat::Taxonomy), ("get_taxonomy_term", TaxonomyWhat::Term)] {
        tera.register_function(name, Function::with_lang(f::GetTaxonomy { config: c.clone(), data: d.clone(), what }));
    }
    // Zola 0.23's `get_taxonomy_url(term=…)` is Zola 0.22's `name`.
    let url = f::GetTaxonomy { config: c.clone(), data: d.clone(), what: TaxonomyWhat::Url };
    tera.register_function(
        "get_taxonomy_url",
        Function { inner: url, renames: &[("term", "name")], lang: true, canonical: None },
    );
    tera.register_function(
        "load_data",
        Function::new(crate::templates::load_data::LoadData { root: config.root.clone(), dirs: dirs.clone() }),
    );
    tera.register_function("get_hash", Function::new(f::GetHash { dirs: dirs.clone() }));
    let prefixes = config.languages.values().map(|l| l.prefix.trim_start_matches('/').to_string()).collect();
    tera.register_function(
        "get_image_metadata",
        Function::new(images::GetImageMetadata { dirs: dirs.clone(), content: config.root.join("content"), prefixes }),
    );
    tera.register_function(
        "resize_image",
        Function::new(images::ResizeImage { dirs, base_url: config.base_url.clone(), processed: processed.clone() }),
    );
    tera.register_function("now", now);
}

fn zola_filters(tera: &mut Tera, config: &Config, data: &SiteData) {
    tera.register_filter("markdown", Filter(filters::Markdown::new(&config.markdown)));
    tera.register_filter("date", Filter(filters::Date));
    tera.register_filter("num_format", Filter(filters::NumFormat));
    tera.register_filter("base64_encode", Filter(filters::Base64 { encode: true }));
    tera.register_filter("base64_decode", Filter(filters::Base64 { encode: false }));
    tera.register_filter("regex_replace", Filter(filters::RegexReplace));
    tera.register_filter("mark_redacted", Filter(review::MarkRedacted(data.review.clone())));
    tera.register_filter("withheld", Filter(review::Withheld(data.review.clone())));
}

/// What Zola 0.23 registers from `tera-contrib` (its `date` is Zola's own, above).
fn contrib(tera: &mut Tera) {
    use tera_contrib as c;
    tera.register_filter("striptags", c::regex::striptags);
    tera.register_filter("spaceless", c::regex::spaceless);
    tera.register_filter("urlencode", c::urlencode::urlencode);
    tera.register_filter("urlencode_strict", c::urlencode::urlencode_strict);
    tera.register_filter("json_encode", c::json::json_encode);
    tera.register_filter("filesizeformat", c::filesize_format::filesize_format);
    tera.register_filter("slugify", c::slug::slug);
    tera.register_test("matching", c::regex::Matching::default());
    // Tera 1's, which Tera 2 left out for list comprehensions: themes written for both
    // (the built-in one) keep them.
    tera.register_filter("filter", filter);
    tera.register_filter("map", map);
    // Tera 2.0's (Zola 0.23's): a plain replace, whatever the strings' safety.
    tera.register_filter("replace", replace);
    tera.register_filter("format", c::format::format);
    tera.register_filter("shuffle", shuffle);
    tera.register_function("get_random", get_random);
    tera.register_test("before", |v: &Value, k: Kwargs, _: &State| compare(v, &k, "before"));
    tera.register_test("after", |v: &Value, k: Kwargs, _: &State| compare(v, &k, "after"));
}

/// tera-contrib's `get_random(start, end, seed)`, seeded by the page's path when the call
/// gives no `seed`: the same site builds to the same files.
fn get_random(kwargs: Kwargs, state: &State) -> TeraResult<i64> {
    tera_contrib::rand::get_random(seeded(&kwargs, state)?, state)
}

/// tera-contrib's `shuffle(seed)`, seeded as [`get_random`] is.
fn shuffle(value: Vec<Value>, kwargs: Kwargs, state: &State) -> TeraResult<Vec<Value>> {
    tera_contrib::rand::shuffle(value, seeded(&kwargs, state)?, state)
}

/// `kwargs`, with the page's path (`current_path`) as the `seed` when they hold none.
fn seeded(kwargs: &Kwargs, state: &State) -> TeraResult<Kwargs> {
    if kwargs.get::<&Value>("seed")?.is_some() {
        return Ok(kwargs.clone());
    }
    let path = state.get::<String>("current_path")?.unwrap_or_default();
    let mut map: tera2::Map = kwargs.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    map.insert(tera2::value::Key::Str("seed"), Value::from(path));
    Ok(Kwargs::new(Arc::new(map)))
}

/// The tests `before(other, inclusive=false)` and `after(…)` Zola 0.23 takes from
/// tera-contrib, on the dates the `date` filter reads.
fn compare(value: &Value, kwargs: &Kwargs, test: &str) -> TeraResult<bool> {
    let date =
        |v: &Value| filters::date_of(&super::adapt::to_json(v), test).map_err(|e| tera2::Error::message(e.to_string()));
    let (this, other) = (date(value)?, date(kwargs.must_get::<&Value>("other")?)?);
    let inclusive = kwargs.get::<bool>("inclusive")?.unwrap_or(false);
    Ok(match (test, inclusive) {
        ("before", false) => this < other,
        ("before", true) => this <= other,
        (_, false) => this > other,
        (_, true) => this >= other,
    })
}

/// `replace(from, to)` as Tera 2.0 has it: the text replaced as it is, not safe. (Tera 2.4's
/// escapes an unsafe text when `to` is safe, so a theme that puts a component's output into a
/// Markdown string and filters it with `markdown` would show its `&copy;` as text.)
fn replace(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let from = kwargs.must_get::<&str>("from")?;
    let to = kwargs.must_get::<&str>("to")?;
    Ok(value.replace(from, to))
}

/// The value at a dotted `path` of `item` (`extra.kind`), or null.
fn at_path<'v>(item: &'v serde_json::Value, path: &str) -> &'v serde_json::Value {
    path.split('.').try_fold(item, |v, key| v.get(key)).unwrap_or(&serde_json::Value::Null)
}

/// Tera 1's `filter(attribute, value)`: the items whose attribute is `value`, or not null.
fn filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let attribute = kwargs.must_get::<&str>("attribute")?;
    let wanted = kwargs.get::<&Value>("value")?.map(super::adapt::to_json);
    let items = super::adapt::to_json(value);
    let kept: Vec<&serde_json::Value> = items
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|i| wanted.as_ref().map_or(!at_path(i, attribute).is_null(), |w| at_path(i, attribute) == w))
                .collect()
        })
        .unwrap_or_default();
    Ok(super::adapt::from_json(&serde_json::Value::from(kept.into_iter().cloned().collect::<Vec<_>>())))
}

/// Tera 1's `map(attribute)`: each item's attribute.
fn map(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let attribute = kwargs.must_get::<&str>("attribute")?;
    let items = super::adapt::to_json(value);
    let out: Vec<serde_json::Value> =
        items.as_array().map(|a| a.iter().map(|i| at_path(i, attribute).clone()).collect()).unwrap_or_default();
    Ok(super::adapt::from_json(&serde_json::Value::from(out)))
}

/// `now(timestamp=false, utc=false)`: the time of the build.
fn now(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let utc = kwargs.get::<bool>("utc")?.unwrap_or(false);
    if kwargs.get::<bool>("timestamp")?.unwrap_or(false) {
        return Ok(Value::from(chrono::Utc::now().timestamp()));
    }
    Ok(Value::from(if utc { chrono::Utc::now().to_rfc3339() } else { chrono::Local::now().to_rfc3339() }))
}
