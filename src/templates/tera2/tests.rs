use super::*;
use crate::config::Overrides;

fn config() -> Arc<Config> {
    let dir = std::env::temp_dir();
    Arc::new(
        Config::parse("base_url = \"https://example.org\"\n", &dir, Path::new("zola.toml"), &Overrides::default())
            .unwrap(),
    )
}

fn engine(templates: &[(&str, &str)]) -> Result<Engine, Diagnostics> {
    let sources =
        templates.iter().map(|(n, t)| (n.to_string(), (t.to_string(), Path::new("templates").join(n)))).collect();
    Engine::load(&config(), &sources)
}

fn renderer(templates: &[(&str, &str)]) -> Renderer {
    let c = config();
    engine(templates).unwrap().renderer(&c, &Arc::new(SiteData::default()), &Arc::new(I18n::default()))
}

#[test]
fn content_calls_components_defined_in_any_template() {
    let r = renderer(&[(
        "components.html",
        "{% component note(kind: string = \"info\") %}<aside class=\"{{ kind }}\">{{ body }}</aside>{% endcomponent note %}\n\
         {% component pirate(name) %}Arrrh {{ name }}{% endcomponent pirate %}",
    )]);
    let entry = serde_json::json!({"page": {"title": "T"}});
    let out = r
        .content(
            "# {{ page.title }}\n\n{{ <pirate name=\"Bob\" /> }}\n\n{% <note kind=\"warn\"> %}*x*{% </note> %}\n",
            "en",
            &entry,
        )
        .unwrap();
    assert_eq!(out, "# T\n\nArrrh Bob\n\n<aside class=\"warn\">*x*</aside>\n");
}

#[test]
fn raw_blocks_in_content_are_printed_as_written() {
    let r = renderer(&[]);
    let out =
        r.content("{% raw %}{{ <pirate /> }} {% if %}{% endraw %} {{ lang }}", "fr", &serde_json::Value::Null).unwrap();
    assert_eq!(out, "{{ <pirate /> }} {% if %} fr");
    // Text without a tag is not templated at all (a lone `{` or `}}` is text).
    assert_eq!(r.content("a } b { c }}", "en", &serde_json::Value::Null).unwrap(), "a } b { c }}");
}

#[test]
fn a_content_error_has_its_line_and_column() {
    let r = renderer(&[]);
    let e = r.content("line one\n\nsee {{ <missing /> }}\n", "en", &serde_json::Value::Null).unwrap_err();
    assert!(e.message.contains("missing"), "{e:?}");
    let e = r.content("one\n{{ page.title }\n", "en", &serde_json::Value::Null).unwrap_err();
    assert_eq!(e.place.map(|p| p.0), Some(2), "{e:?}");
}

#[test]
fn a_template_syntax_error_names_its_file_line_and_column() {
    let Err(d) = engine(&[("page.html", "<p>\n{{ page.title | }}\n")]) else { panic!("no error") };
    let shown = d.into_iter().next().unwrap().to_string();
    assert!(shown.starts_with("templates/page.html:2:"), "{shown}");
    assert!(shown.contains("template syntax error"), "{shown}");
}

#[test]
fn zola_filters_and_contrib_filters_are_there() {
    let r = renderer(&[(
        "t.html",
        "{{ \"**b**\" | markdown(inline=true) }}|{{ 1234567 | num_format }}|{{ \"<i>x</i>\" | striptags }}|{{ \"A b\" | slugify }}|{{ \"2026-01-02\" | date(format=\"%d/%m\") }}",
    )]);
    let out = r.render("t.html", tera::Context::new()).unwrap();
    assert_eq!(out, "<strong>b</strong>|1,234,567|x|a-b|02/01");
}

#[test]
fn an_error_inside_a_component_is_placed_at_the_call_in_the_content() {
    let r = renderer(&[("c.html", "{% component half(n: integer) %}\n{{ (n * 0.5) | int }}{% endcomponent half %}")]);
    let e = r.content("one\n\ntwo {{ <half n={3} /> }}\n", "en", &serde_json::Value::Null).unwrap_err();
    assert_eq!(e.place, Some((3, 8)), "{e:?}");
    assert!(e.message.contains("cannot be converted to an int") && e.message.ends_with("(in c.html, line 2)"), "{e:?}");
}
