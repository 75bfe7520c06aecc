//! The `config` object templates see: Zola 0.22's whole serialized configuration.
//!
//! Input: the resolved [`Config`] (with `config.toml` as written) and a language. Output: a
//! JSON object with every key Zola gives templates (`languages`: the other languages, as in
//! Zola) and the rest of `config.toml`: Zola's defaults, overlaid with what the
//! site wrote, then the language's own title, description, feeds, taxonomies and search
//! setting. Cannot fail.

use serde_json::{Map, Value, json};

use crate::config::Config;

use super::context::toml_to_json;

/// Zola 0.22's defaults for the keys a site may leave out.
fn defaults() -> Value {
    json!({
        "theme": null, "title": null, "description": null, "default_language": "en",
        "languages": {}, "translations": {}, "generate_feeds": false, "feed_limit": null,
        "feed_filenames": ["atom.xml"], "hard_link_static": false, "taxonomies": [], "author": null,
        "compile_sass": false, "minify_html": false, "build_search_index": false,
        "ignored_content": [], "ignored_static": [], "mode": "build", "output_dir": "public",
        "preserve_dotfiles_in_output": false, "generate_sitemap": true, "generate_robots_txt": true,
        "exclude_paginated_pages_in_sitemap": "none", "extra": {},
        "link_checker": { "skip_prefixes": [], "skip_anchor_prefixes": [],
                          "internal_level": "error", "external_level": "error" },
        "slugify": { "paths": "on", "paths_keep_dates": false, "taxonomies": "on", "anchors": "on" },
        "search": { "include_title": true, "include_description": false, "include_date": false,
                    "include_path": false, "include_content": true, "truncate_content_length": null,
                    "index_format": "elasticlunr_javascript" },
        "markdown": {
            "highlighting": null, "render_emoji": false, "external_links_class": null,
            "external_links_target_blank": false, "external_links_no_follow": false,
            "external_links_no_referrer": false, "smart_punctuation": false, "definition_list": false,
            "bottom_footnotes": false, "lazy_async_image": false, "insert_anchor_links": "none",
            "github_alerts": false,
        },
    })
}

/// `over` laid onto `base`: tables merge key by key, anything else replaces.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, o) => *b = o,
    }
}

/// The `config` object templates see in language `lang`.
pub fn config_value(config: &Config, lang: &str) -> Value {
    let mut value = defaults();
    merge(&mut value, toml_to_json(&toml::Value::Table(config.table.clone())));
    let l = config.languages.get(lang);
    let languages: Map<String, Value> = config
        .languages
        .iter()
        .filter(|(code, _)| code.as_str() != lang)
        .map(|(code, l)| {
            let mut own = value["languages"].get(code).cloned().unwrap_or_else(|| json!({}));
            merge(
                &mut own,
                json!({ "title": l.title, "description": l.description, "generate_feeds": l.generate_feeds,
                        "feed_filenames": l.feed_filenames, "build_search_index": l.build_search_index,
                        "taxonomies": l.taxonomies, "name": l.name, "translations": l.translations }),
            );
            (code.clone(), own)
        })
        .collect();
    let highlighting = json!({ "theme": config.markdown.highlight_theme });
    let mut markdown = json!({ "highlight_code": config.markdown.highlight_code,
                               "highlight_theme": config.markdown.highlight_theme });
    if config.markdown.highlight_code && value["markdown"]["highlighting"].is_null() {
        markdown["highlighting"] = highlighting;
    }
    merge(
        &mut value,
        json!({
            "base_url": config.base_url,
            "title": l.and_then(|l| l.title.clone()).or_else(|| config.title.clone()),
            "description": l.and_then(|l| l.description.clone()).or_else(|| config.description.clone()),
            "default_language": config.default_language,
            "generate_feeds": l.is_some_and(|l| l.generate_feeds),
            "generate_feed": l.is_some_and(|l| l.generate_feeds),
            "feed_filenames": l.map(|l| l.feed_filenames.clone()).unwrap_or_default(),
            // Zola before 0.19 had one feed: themes of that time read `feed_filename`.
            "feed_filename": l.and_then(|l| l.feed_filenames.first().cloned()),
            "taxonomies": l.map(|l| l.taxonomies.clone()).unwrap_or_default(),
            "build_search_index": l.is_some_and(|l| l.build_search_index),
            "author": config.author,
            "markdown": markdown,
            "mode": "build",
        }),
    );
    value["languages"] = Value::Object(languages);
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use std::path::Path;

    #[test]
    fn templates_see_zolas_whole_config_with_its_defaults() {
        let text = "base_url = \"https://x\"\nbuild_search_index = true\n[markdown]\nexternal_links_class = \"ext\"\n\
                    [markdown.highlighting]\ntheme = \"github-light\"\n[search]\ninclude_path = true\n\
                    [languages.it]\ntitle = \"Ciao\"\n";
        let config =
            Config::parse(text, Path::new("/nonexistent"), Path::new("config.toml"), &Overrides::default()).unwrap();
        let v = config_value(&config, "en");
        assert_eq!(v["markdown"]["external_links_class"], "ext");
        assert_eq!(v["markdown"]["highlighting"]["theme"], "github-light");
        assert_eq!(v["markdown"]["smart_punctuation"], false);
        assert_eq!(v["search"]["include_path"], true);
        assert_eq!(v["search"]["include_title"], true);
        assert_eq!(v["generate_sitemap"], true);
        assert_eq!(v["exclude_paginated_pages_in_sitemap"], "none");
        assert_eq!(v["feed_filename"], "atom.xml");
        // As in Zola, `languages` holds the other languages.
        assert!(v["languages"].get("en").is_none() && v["languages"].get("it").is_some(), "{}", v["languages"]);
        let it = config_value(&config, "it");
        assert_eq!(it["title"], "Ciao");
        assert!(it["languages"].get("en").is_some() && it["languages"].get("it").is_none());
    }
}
