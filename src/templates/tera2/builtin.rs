//! The templates of a Zola 0.23 site as Tera 2 takes them.
//!
//! The built-in theme's templates are written in what Tera 1 and Tera 2 both read, except
//! its shortcodes (Zola 0.23 has none), which give way to the components of
//! `themes/cahier/tera2/` (the `lang` passage). Tera 2 refuses a component defined twice,
//! where Zola 0.23 lets a site's component replace its theme's: each component is kept in
//! the first of the site's templates, the theme's, the built-in theme's that defines it, and
//! taken out of the others (its lines left blank, so messages keep their line numbers).
//! What a child template holds outside its blocks is taken out too ([`super::children`]).
//!
//! Input: every template source (name → (text, file as shown)), the built-in theme's among
//! them. Output: the same, without the built-in shortcodes, with the built-in components
//! (as `cahier/tera2/NAME`), each component defined once. Failure: none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::templates::{BUILTIN_THEME, embedded_files};

type Sources = BTreeMap<String, (String, PathBuf)>;

/// `sources` as a Zola 0.23 site loads them; see the module docs.
pub fn for_tera2(mut sources: Sources) -> Sources {
    let builtin = |shown: &Path| shown.starts_with("(built-in theme)");
    sources.retain(|name, (_, shown)| {
        !(builtin(shown) && (name.starts_with("shortcodes/") || name.starts_with("cahier/templates/shortcodes/")))
    });
    // Tera 2 checks every template's parent when it loads, where Tera 1 checked only the
    // ones rendered: the built-in pages under their `cahier/templates/` name extend the
    // built-in layout, not a site's `base.html` that lacks its blocks.
    for (name, (text, shown)) in sources.iter_mut() {
        if builtin(shown) && name.starts_with("cahier/templates/") {
            *text = text.replace("{% extends \"base.html\" %}", "{% extends \"cahier/templates/base.html\" %}");
        }
    }
    for (text, _) in sources.values_mut() {
        *text = super::children::without_top_level_content(text);
    }
    let Some(dir) = BUILTIN_THEME.get_dir("tera2") else { return sources };
    for file in embedded_files(dir) {
        let text = String::from_utf8_lossy(file.contents()).into_owned();
        let name = format!("cahier/{}", file.path().to_string_lossy().replace('\\', "/"));
        sources.insert(name, (text, Path::new("(built-in theme)").join(file.path())));
    }
    once_each(sources)
}

/// Each component defined in one template only: the site's, else the theme's (under its own
/// name before its `THEME/templates/` one), else the built-in theme's.
fn once_each(mut sources: Sources) -> Sources {
    let rank = |name: &str, shown: &Path| {
        let long = name.contains("/templates/") || name.starts_with("cahier/");
        match shown {
            s if s.starts_with("(built-in theme)") => (2, long),
            s if s.starts_with("themes") => (1, long),
            _ => (0, long),
        }
    };
    let mut order: Vec<(String, (u8, bool))> =
        sources.iter().map(|(name, (_, shown))| (name.clone(), rank(name, shown))).collect();
    order.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (name, _) in order {
        let Some((text, _)) = sources.get_mut(&name) else { continue };
        for component in components(text) {
            if !seen.insert(component.clone()) {
                *text = without_component(text, &component);
            }
        }
    }
    sources
}

/// The names of the components `text` defines.
fn components(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("{%") {
        let rest = text[at + 2..].trim_start_matches(['-', '+']).trim_start();
        if let Some(def) = rest.strip_prefix("component").filter(|r| r.starts_with(char::is_whitespace)) {
            let name: String =
                def.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect();
            names.push(name);
        }
    }
    names
}

/// `text` without the definition of component `name`, each of its lines left empty.
fn without_component(text: &str, name: &str) -> String {
    let Some(start) = components_start(text, name) else { return text.to_string() };
    let Some(end) = text[start..].find("endcomponent").map(|i| start + i) else { return text.to_string() };
    let close = text[end..].find("%}").map_or(text.len(), |i| end + i + 2);
    let lines = "\n".repeat(text[start..close].matches('\n').count());
    format!("{}{lines}{}", &text[..start], &text[close..])
}

/// Where the tag defining component `name` starts.
fn components_start(text: &str, name: &str) -> Option<usize> {
    text.match_indices("{%").map(|(at, _)| at).find(|&at| {
        let rest = text[at + 2..].trim_start_matches(['-', '+']).trim_start();
        rest.strip_prefix("component")
            .map(str::trim_start)
            .is_some_and(|r| r.starts_with(name) && r[name.len()..].starts_with('('))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(name: &str, text: &str, shown: &str) -> (String, (String, PathBuf)) {
        (name.to_string(), (text.to_string(), PathBuf::from(shown)))
    }

    #[test]
    fn the_builtin_shortcodes_give_way_to_the_builtin_components() {
        let sources: Sources = [
            src("shortcodes/lang.html", "x", "(built-in theme)/templates/shortcodes/lang.html"),
            src("shortcodes/mine.html", "x", "templates/shortcodes/mine.html"),
            src("page.html", "x", "(built-in theme)/templates/page.html"),
        ]
        .into_iter()
        .collect();
        let out = for_tera2(sources);
        let names: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(names, ["cahier/tera2/components.html", "page.html", "shortcodes/mine.html"]);
        assert!(out["cahier/tera2/components.html"].0.contains("{% component lang(code: string)"));
    }

    #[test]
    fn a_component_the_site_defines_replaces_the_builtin_one() {
        let own = "{% component lang(code) %}mine{% endcomponent lang %}";
        let sources: Sources = [src("components.html", own, "templates/components.html")].into_iter().collect();
        let out = for_tera2(sources);
        let builtin = &out["cahier/tera2/components.html"].0;
        assert!(!builtin.contains("component lang("), "{builtin}");
        assert_eq!(components(own), ["lang"]);
    }

    #[test]
    fn a_site_component_replaces_its_themes_and_a_theme_file_under_two_names_defines_it_once() {
        let theme =
            "{% component a() %}theme a{% endcomponent a %}\n{% component b() %}\ntheme b\n{% endcomponent b %}";
        let sources: Sources = [
            src("components.html", "{% component a() %}site a{% endcomponent a %}", "templates/components.html"),
            src("theme.html", theme, "themes/t/templates/theme.html"),
            src("t/templates/theme.html", theme, "themes/t/templates/theme.html"),
        ]
        .into_iter()
        .collect();
        let out = once_each(sources);
        assert_eq!(components(&out["components.html"].0), ["a"]);
        assert_eq!(components(&out["theme.html"].0), ["b"]);
        assert_eq!(out["t/templates/theme.html"].0, "\n\n\n", "the lines stay");
    }
}
