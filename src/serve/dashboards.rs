//! The reviewers' pages under `/_cahier/`: an index of the current build (its state, its
//! error if the last build failed) linking each dashboard, and the dashboards themselves.
//!
//! Input: the latest [`Snapshot`](super::state::Snapshot) and its
//! [`Dashboards`](super::state::Dashboards). Output: small HTML pages with the live-reload
//! script, so they follow the builds. A dashboard the build does not produce yet says so.
//! Failure: an unknown name is a 404.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::files;
use super::http::App;

/// `/_cahier/`: the state of the build and the list of dashboards.
pub async fn index(State(app): State<App>) -> Response {
    let s = app.state.borrow().clone();
    let mut body = String::from("<h1>cahier preview</h1>\n");
    match (&s.dir, &s.error) {
        (_, Some(error)) => body.push_str(&format!(
            "<p>The last build failed; {}.</p>\n<pre>{}</pre>\n",
            if s.dir.is_some() { "the last good build is still served" } else { "there is no good build yet" },
            escape(error)
        )),
        (Some(_), None) => body.push_str(&format!(
            "<p>Build {}: {} pages and sections, built in {} ms.</p>\n",
            s.good_build, s.pages, s.millis
        )),
        (None, None) => body.push_str("<p>The first build is running.</p>\n"),
    }
    body.push_str("<h2>Dashboards</h2>\n<ul>\n");
    for e in s.dashboards.entries() {
        let note = if e.available { "" } else { " (not available in this build yet)" };
        body.push_str(&format!("<li><a href=\"/_cahier/{}\">{}</a>{note}</li>\n", e.slug, e.title));
    }
    body.push_str("</ul>\n<p><a href=\"/\">Back to the site</a></p>\n");
    render("cahier preview", &body, s.good_build, StatusCode::OK)
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
        Some(html) => format!("<h1>{}</h1>\n{html}\n", entry.title),
        None => format!(
            "<h1>{}</h1>\n<p>Not available in this build yet.</p>\n<p><a href=\"/_cahier/\">All dashboards</a></p>\n",
            entry.title
        ),
    };
    render(entry.title, &body, s.good_build, StatusCode::OK)
}

fn render(title: &str, body: &str, build: u64, status: StatusCode) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title></head>\n\
         <body><main>\n{body}</main></body></html>\n"
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], files::inject(html.as_bytes(), build))
        .into_response()
}

pub use crate::html::escape;
