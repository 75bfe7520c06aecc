//! The reviewers' pages under `/_cahier/`: an index of the current build (its state, its
//! error if the last build failed) linking each dashboard, the dashboards themselves, and the
//! source of a page the redaction log names (`/_cahier/source/PATH`, with line anchors).
//!
//! Input: the latest [`Snapshot`](super::state::Snapshot) and its
//! [`Dashboards`](super::state::Dashboards). Output: HTML pages in the built-in theme's
//! style (its stylesheet inline, so a site with its own theme gets them too), one `h1` each,
//! with the live-reload script, so they follow the builds. A dashboard the build does not
//! produce yet says so. Failure: an unknown name, or a source file the log does not name, is
//! a 404 (only files the redaction log lists are ever read).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::files;
use super::http::App;

/// `/_cahier/`: the state of the build and the list of dashboards.
pub async fn index(State(app): State<App>) -> Response {
    let s = app.state.borrow().clone();
    let mut body = String::from("<h1>Preview dashboards</h1>\n");
    match (&s.dir, &s.error) {
        (_, Some(error)) => body.push_str(&format!(
            "<div class=\"withheld-banner\" role=\"alert\"><p><strong>The last build failed</strong>; {}.</p></div>\n<pre class=\"dashboard-pre\">{}</pre>\n",
            if s.dir.is_some() { "the last good build is still served" } else { "there is no good build yet" },
            escape(error)
        )),
        (Some(_), None) => body.push_str(&format!(
            "<p>Build {}: {} pages and sections, built in {} ms.</p>\n",
            s.good_build, s.pages, s.millis
        )),
        (None, None) => body.push_str("<p>The first build is running.</p>\n"),
    }
    body.push_str("<h2>Dashboards</h2>\n<ul class=\"card-list\">\n");
    for e in s.dashboards.entries() {
        let note = if e.available { "" } else { " (not available in this build yet)" };
        body.push_str(&format!(
            "<li class=\"card\"><h3><a href=\"/_cahier/{}\">{}</a></h3><p>{}{note}</p></li>\n",
            e.slug, e.title, e.about
        ));
    }
    body.push_str("</ul>\n");
    render("Preview dashboards", &body, s.good_build, StatusCode::OK)
}

/// `/_cahier/NAME`: one dashboard, or a placeholder when the build does not produce it.
pub async fn page(State(app): State<App>, Path(name): Path<String>) -> Response {
    let s = app.state.borrow().clone();
    let entries = s.dashboards.entries();
    let Some(entry) = entries.iter().find(|e| e.slug == name) else {
        return (StatusCode::NOT_FOUND, "no such dashboard; see /_cahier/\n").into_response();
    };
    let dashboards = s.dashboards.clone();
    let slug = entry.slug;
    // The parity report reads the site: off the async threads, once per build.
    let html = tokio::task::spawn_blocking(move || dashboards.html(slug)).await.ok().flatten();
    let body = match html {
        // The parity report brings its own `h1`.
        Some(html) if html.contains("<h1") => format!("{html}\n"),
        Some(html) => format!("<h1>{}</h1>\n{html}\n", entry.title),
        None => format!("<h1>{}</h1>\n<p>Not available in this build yet.</p>\n", entry.title),
    };
    render(entry.title, &body, s.good_build, StatusCode::OK)
}

/// `/_cahier/source/PATH`: a source file the redaction log names, numbered, each line an
/// anchor (`#L12`) that the log links to.
pub async fn source(State(app): State<App>, Path(path): Path<String>) -> Response {
    let s = app.state.borrow().clone();
    let Some(text) = s.dashboards.source(&path) else {
        return (StatusCode::NOT_FOUND, "the redaction log names no such file; see /_cahier/redactions\n")
            .into_response();
    };
    let mut body = format!("<h1><code>{}</code></h1>\n<ol class=\"source-lines\">\n", escape(&path));
    for (i, line) in text.lines().enumerate() {
        body.push_str(&format!("<li id=\"L{n}\"><code>{}</code></li>\n", escape(line), n = i + 1));
    }
    body.push_str("</ol>\n");
    render(&path, &body, s.good_build, StatusCode::OK)
}

/// The built-in theme's stylesheet and the dashboards' own few rules.
fn style() -> String {
    let theme = crate::templates::BUILTIN_THEME
        .get_file("static/cahier.css")
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default();
    format!("{theme}\n{DASHBOARD_CSS}")
}

const DASHBOARD_CSS: &str = "
.dashboard-table { overflow-x: auto; max-width: 100%; }
.dashboard-table table { min-width: 36rem; }
.dashboard-pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.source-lines { font-size: .95rem; padding-left: 4ch; }
.source-lines li:target { background: var(--mark-bg); outline: 2px dashed #8a4b00; }
.source-lines code { white-space: pre-wrap; overflow-wrap: anywhere; background: none; }
";

fn render(title: &str, body: &str, build: u64, status: StatusCode) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>[INTERNAL] {title} - cahier preview</title>\
         <link rel=\"icon\" href=\"data:,\">\n<style>{style}</style></head>\n\
         <body class=\"is-internal dashboard\">\n<a class=\"skip-link\" href=\"#main-content\">Skip to main content</a>\n\
         <p class=\"internal-banner\" role=\"note\"><strong>Internal preview: reviewers' dashboards. Do not distribute.</strong></p>\n\
         <header class=\"site-header\"><div class=\"wrap header-bar\"><a class=\"site-title\" href=\"/_cahier/\">cahier preview</a></div></header>\n\
         <main id=\"main-content\" tabindex=\"-1\" class=\"wrap site-main\">\n{body}</main>\n\
         <footer class=\"site-footer\"><div class=\"wrap footer-inner\"><ul class=\"footer-links\">\
         <li><a href=\"/_cahier/\">All dashboards</a></li><li><a href=\"/\">Back to the site</a></li></ul></div></footer>\n\
         </body></html>\n",
        title = escape(title),
        style = style(),
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], files::inject(html.as_bytes(), build))
        .into_response()
}

pub use crate::html::escape;
