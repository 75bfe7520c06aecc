//! The preview's HTTP side: the router, the authentication gate, the live-reload stream and
//! the static files.
//!
//! Input: requests, the latest [`Snapshot`]. Output: responses; every one carries
//! `X-Robots-Tag: noindex` and `Cache-Control: no-cache`. `/_cahier/` is reserved for the
//! server (dashboards, the reload script and its event stream, login); every other path is
//! a file of the current build. Failure: each request gets its status (400, 401, 404, 405,
//! 503 before the first good build); nothing here stops the server.

use std::convert::Infallible;
use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::watch;

use super::auth::{self, Auth};
use super::dashboards;
use super::files::{self, Found, Refused};
use super::state::Snapshot;

/// What every handler shares. Cloned per request (channels and an `Auth` are cheap).
#[derive(Clone)]
pub struct App {
    pub state: watch::Receiver<Snapshot>,
    pub shutdown: watch::Receiver<bool>,
    pub auth: Auth,
}

/// The reload script, served at `/_cahier/live.js`.
const LIVE_JS: &str = include_str!("live.js");

/// The whole router.
pub fn router(app: App) -> Router {
    let gated = Router::new()
        .route("/_cahier", get(|| async { redirect("/_cahier/") }))
        .route("/_cahier/", get(dashboards::index))
        .route("/_cahier/{name}", get(dashboards::page))
        .route("/_cahier/source/{*path}", get(dashboards::source))
        .route("/_cahier/live.js", get(live_js))
        .route("/_cahier/events", get(events))
        .fallback(file)
        .layer(middleware::from_fn_with_state(app.clone(), gate));
    Router::new()
        .route("/_cahier/login", get(login))
        .merge(gated)
        .layer(middleware::from_fn(preview_headers))
        .with_state(app)
}

/// Lets through only requests that carry the secret (when there is one).
async fn gate(State(app): State<App>, request: Request, next: Next) -> Response {
    if app.auth.allows(request.headers()) {
        return next.run(request).await;
    }
    let mut response = (
        StatusCode::UNAUTHORIZED,
        "This preview shows unredacted text and needs authentication: send `Authorization: Bearer TOKEN`, \
         open /_cahier/login?token=TOKEN once, or log in with the user and password you were given.\n",
    )
        .into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(app.auth.challenge()));
    response
}

/// Marks every response as not for indexing nor for caching without revalidation.
async fn preview_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}

#[derive(serde::Deserialize)]
struct LoginQuery {
    token: String,
}

/// `/_cahier/login?token=…`: sets the token cookie and goes to the home page.
async fn login(State(app): State<App>, query: Result<Query<LoginQuery>, QueryRejection>) -> Response {
    match query {
        Ok(Query(q)) if app.auth.token_matches(&q.token) => {
            let mut response = redirect("/");
            let cookie = format!("{}={}; Path=/; HttpOnly; SameSite=Strict", auth::COOKIE_NAME, q.token);
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            response
        }
        _ => (StatusCode::UNAUTHORIZED, "wrong or missing token\n").into_response(),
    }
}

async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS).into_response()
}

/// The live-reload stream: the state now, then after every build, as one JSON message each.
/// It ends at shutdown so that the server can stop gracefully.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream =
        futures_util::stream::unfold((app.state, app.shutdown, true), |(mut rx, mut stop, first)| async move {
            if !first {
                tokio::select! {
                    changed = rx.changed() => changed.ok()?,
                    _ = stop.changed() => return None,
                }
            }
            if *stop.borrow() {
                return None;
            }
            let data = rx.borrow_and_update().event_json();
            Some((Ok(Event::default().data(data)), (rx, stop, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Every path outside `/_cahier/`: a file of the current build.
async fn file(State(app): State<App>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snapshot = app.state.borrow().clone();
    let Some(dir) = snapshot.dir.clone() else {
        return no_build_yet(&snapshot);
    };
    let head = method == Method::HEAD;
    match files::resolve(&dir, uri.path()) {
        Ok(Found::File(path)) => send(path, StatusCode::OK, &snapshot, &headers, head).await,
        Ok(Found::AddSlash) => {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            redirect(&format!("{}/{query}", uri.path()))
        }
        Err(Refused::BadPath) => (StatusCode::BAD_REQUEST, "bad path\n").into_response(),
        Err(Refused::NotFound) => match files::not_found_page(&dir, uri.path()) {
            Some(page) => send(page, StatusCode::NOT_FOUND, &snapshot, &headers, head).await,
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    }
}

/// Sends one file: conditional on its ETag, the reload script added to HTML.
async fn send(path: PathBuf, status: StatusCode, snapshot: &Snapshot, headers: &HeaderMap, head: bool) -> Response {
    let Ok(meta) = tokio::fs::metadata(&path).await else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let kind = files::content_type(&path);
    let html = kind.starts_with("text/html");
    let tag = files::etag(&meta, html);
    let fresh =
        headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| files::matches_etag(v, &tag));
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, kind)
        .header(header::ETAG, &tag)
        .header(header::LAST_MODIFIED, httpdate::fmt_http_date(meta.modified().unwrap_or(std::time::UNIX_EPOCH)));
    if fresh && status == StatusCode::OK {
        return builder.status(StatusCode::NOT_MODIFIED).body(Body::empty()).unwrap_or_default();
    }
    let Ok(mut bytes) = tokio::fs::read(&path).await else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    if html {
        bytes = files::inject(&bytes, snapshot.good_build);
    }
    builder = builder.status(status).header(header::CONTENT_LENGTH, bytes.len());
    let body = if head { Body::empty() } else { Body::from(bytes) };
    builder.body(body).unwrap_or_default()
}

/// Before the first good build: a page that shows the error overlay and reloads once a
/// build succeeds.
fn no_build_yet(snapshot: &Snapshot) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cahier: no build yet</title></head>\
         <body><main><h1>No good build yet</h1><p>{}</p></main></body></html>",
        if snapshot.error.is_some() {
            "The site does not build; the messages are shown below and in the terminal."
        } else {
            "The first build is running; this page reloads when it is done."
        }
    );
    let body = files::inject(html.as_bytes(), snapshot.good_build);
    (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}
