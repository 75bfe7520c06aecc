use super::*;
use crate::config::Overrides;

/// A site in a temp folder: `config.toml` and `files` (path, text).
fn site(config: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let text = format!("base_url = \"https://example.org\"\n{config}");
    let config = Config::parse(&text, dir.path(), Path::new("zola.toml"), &Overrides::default()).unwrap();
    (dir, config)
}

const COMPONENTS: (&str, &str) =
    ("templates/components.html", "{% component note(text) %}{{ text }}{% endcomponent note %}");
const MACROS: (&str, &str) = ("templates/macros.html", "{%- macro note(text) -%}{{ text }}{%- endmacro -%}");
const SHORTCODE: (&str, &str) = ("templates/shortcodes/note.html", "{{ text }}");

#[test]
fn the_setting_wins_over_the_theme_and_the_templates() {
    let theme = ("themes/t/theme.toml", "name = \"t\"\nmin_version = \"0.19.0\"\n");
    let (_d, c) = site("theme = \"t\"\n[zola]\nversion = \"0.23\"\n", &[theme, MACROS]);
    let choice = choose(&c);
    assert_eq!(choice.generation, Generation::Zola023);
    assert_eq!(choice.reason, "zola.toml says `[zola] version = \"0.23\"`");
    let (_d, c) = site("[zola]\nversion = \"0.22.1\"\n", &[COMPONENTS]);
    assert_eq!(choose(&c).generation, Generation::Zola022);
    // The spelling Zola itself accepts: under `[extra]`.
    let (_d, c) = site("[extra.cahier]\nzola = \"0.23\"\n", &[MACROS]);
    assert_eq!(choose(&c).generation, Generation::Zola023);
    assert_eq!(choose(&c).reason, "zola.toml says `[extra.cahier] zola = \"0.23\"`");
}

#[test]
fn the_theme_min_version_decides_when_the_site_does_not_say() {
    let theme = ("themes/t/theme.toml", "name = \"t\"\nmin_version = \"0.23.0\"\n");
    let (_d, c) = site("theme = \"t\"\n", &[theme, MACROS]);
    let choice = choose(&c);
    assert_eq!(choice.generation, Generation::Zola023);
    assert!(choice.reason.contains("the theme `t` asks for Zola 0.23 or later"), "{}", choice.reason);
    let old = ("themes/t/theme.toml", "name = \"t\"\nmin_version = \"0.19.1\"\n");
    let (_d, c) = site("theme = \"t\"\n", &[old, COMPONENTS]);
    assert_eq!(choose(&c).generation, Generation::Zola022);
}

#[test]
fn the_templates_decide_when_neither_says() {
    let (_d, c) = site("", &[MACROS, COMPONENTS]);
    assert_eq!(
        choose(&c),
        Choice {
            generation: Generation::Zola023,
            reason: "templates/components.html defines Tera 2 components".into()
        }
    );
    let (_d, c) = site("", &[MACROS]);
    assert_eq!(choose(&c).reason, "templates/macros.html defines Tera 1 macros");
    assert_eq!(choose(&c).generation, Generation::Zola022);
    let (_d, c) = site("", &[SHORTCODE]);
    assert_eq!(choose(&c).reason, "templates/shortcodes/note.html is a shortcode");
    // A theme without `min_version` is read like the site's own templates.
    let theme = ("themes/t/templates/c.html", "{%- component x() -%}x{%- endcomponent -%}");
    let (_d, c) = site("theme = \"t\"\n", &[theme]);
    assert_eq!(choose(&c).reason, "themes/t/templates/c.html defines Tera 2 components");
}

#[test]
fn a_site_that_says_nothing_is_a_zola_022_site() {
    let (_d, c) = site("", &[("templates/page.html", "{{ page.content | safe }}")]);
    let choice = choose(&c);
    assert_eq!(choice.generation, Generation::Zola022);
    assert!(
        choice.to_string().starts_with("templates: Zola 0.22 (Tera 1, shortcodes and macros), because nothing says")
    );
}

#[test]
fn a_version_that_is_not_one_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "base_url = \"https://example.org\"\n[zola]\nversion = \"next\"\n";
    let e = Config::parse(text, dir.path(), Path::new("zola.toml"), &Overrides::default()).unwrap_err();
    let shown = e.to_string();
    assert!(shown.starts_with("zola.toml:3:"), "{shown}");
    assert!(shown.contains("`next` is not a Zola version"), "{shown}");
    let text = "base_url = \"https://example.org\"\n[extra.cahier]\nzola = 23\n";
    let e = Config::parse(text, dir.path(), Path::new("zola.toml"), &Overrides::default()).unwrap_err();
    assert_eq!(e.to_string(), "zola.toml:3:1: error: `23` is not a Zola version: write it as \"0.22\" or \"0.23\"");
}

#[test]
fn versions_parse_as_sites_and_themes_write_them() {
    let v = |s| ZolaVersion::parse(s).map(|v| v.to_string());
    assert_eq!(v("0.23"), Some("0.23".into()));
    assert_eq!(v("0.23.0"), Some("0.23".into()));
    assert_eq!(v(">=0.22.1"), Some("0.22".into()));
    assert_eq!(v("v0.19.2-rc1"), Some("0.19".into()));
    assert_eq!(v("latest"), None);
    assert_eq!(v("0.x"), None);
    assert_eq!(v("23"), None);
}
