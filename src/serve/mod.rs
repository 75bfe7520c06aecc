//! `cahier serve`: the internal preview server, with live reload.
//!
//! 1. Bind the address first (loopback unless told otherwise; a port in use is a clear
//!    error), so that port 0 can be resolved into the base URL of the build.
//! 2. Build the site ([`builder`]) into a temp folder, never the public output folder: in
//!    internal mode (redactions shown and highlighted, drafts in) or, with `--public`,
//!    exactly the public build.
//! 3. Watch the site's inputs (`content/`, `templates/`, `static/`, `themes/`, `i18n/`,
//!    `config.toml`); each debounced burst of changes rebuilds on a builder thread, only what
//!    it touches when it can ([`crate::incremental`]), the whole site otherwise.
//! 4. Serve ([`http`]): the files of the last good build ([`files`]), with the live-reload
//!    script ([`live.js`](http)) added to HTML responses; the reviewers' dashboards under
//!    `/_cahier/` ([`dashboards`]); authentication when asked for ([`auth`]).
//! 5. Ctrl-C (or SIGTERM) ends the event streams, stops the watcher, waits for a running
//!    build and removes the temp folder.
//!
//! Input: [`Options`]. Output: the server runs until stopped. Failure: an address that
//! cannot be bound, a watcher that cannot start; a failed build never stops the server (see
//! [`state::Snapshot`]).

pub mod auth;
pub mod builder;
pub mod dashboards;
pub mod files;
pub mod http;
mod noindex_io;
mod redaction_log;
pub mod state;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use notify_debouncer_full::new_debouncer;
use notify_debouncer_full::notify::RecursiveMode;
use tokio::sync::watch;

use crate::build::BuildOptions;
use crate::redact::Mode;
use auth::Auth;
use builder::{Builder, Watched};
use state::Snapshot;

/// How long the watcher waits for a burst of editor saves to end.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// The address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// The base URL of the build (default `http://ADDR`, with the port actually bound).
    pub base_url: Option<String>,
    /// `Internal` (the default preview) or `Public` (exactly what would be published).
    pub mode: Mode,
    pub auth: Auth,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The address is taken or not ours to bind: a usage problem (exit 2).
    Listen(String),
    /// Anything else (temp folder, watcher, runtime).
    Other(anyhow::Error),
}

impl From<anyhow::Error> for StartError {
    fn from(e: anyhow::Error) -> Self {
        StartError::Other(e)
    }
}

/// Runs the preview until Ctrl-C or SIGTERM.
pub fn run(options: Options) -> Result<(), StartError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(options))
}

async fn serve(options: Options) -> Result<(), StartError> {
    let listener = tokio::net::TcpListener::bind(options.addr).await.map_err(|e| listen_error(options.addr, &e))?;
    let addr = listener.local_addr().map_err(|e| listen_error(options.addr, &e))?;
    let base_url = options.base_url.clone().unwrap_or_else(|| format!("http://{addr}"));
    let temp = tempfile::Builder::new()
        .prefix("cahier-serve-")
        .tempdir()
        .context("cannot create the preview's temp folder")?;

    let (state_tx, state_rx) = watch::channel(Snapshot::default());
    let build_options = BuildOptions {
        root: options.root.clone(),
        output_dir: None,
        base_url: Some(base_url.clone()),
        drafts: options.mode == Mode::Internal,
        mode: options.mode,
        force: false,
    };
    let mut builder = Builder::new(build_options, temp.path().to_path_buf(), state_tx);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let app = http::App { state: state_rx, shutdown: shutdown_rx, auth: options.auth.clone() };
    let server =
        axum::serve(noindex_io::Listener(listener), http::router(app)).with_graceful_shutdown(stopped(shutdown_tx));
    let server = tokio::spawn(async move { server.await });

    let (events_tx, events_rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, events_tx).context("cannot start watching the site")?;
    // The folders recursively; the site's folder itself not (for config.toml, which editors
    // replace by renaming, so the file cannot be watched alone).
    let watched = Watched::of_site(&options.root);
    for w in &watched {
        let mode = if w.name.is_empty() { RecursiveMode::NonRecursive } else { RecursiveMode::Recursive };
        debouncer.watch(&w.real, mode).with_context(|| format!("cannot watch {}", w.real.display()))?;
    }
    // Watching starts before the first build: a change saved during it rebuilds after it.
    announce(&options, &base_url, addr, temp.path());
    builder = tokio::task::spawn_blocking(move || {
        builder.rebuild("first build");
        builder
    })
    .await
    .context("the first build stopped unexpectedly")?;
    let watching = std::thread::Builder::new()
        .name("cahier-rebuild".into())
        .stack_size(crate::build::STACK_BYTES)
        .spawn(move || builder.watch(events_rx, &watched))
        .context("cannot start the rebuild thread")?;

    let served = server.await;
    debouncer.stop();
    let _ = watching.join();
    let removed = temp.close();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "Stopped; removed the preview's temp folder.");
    match served {
        Ok(Ok(())) => removed.context("cannot remove the preview's temp folder").map_err(StartError::Other),
        Ok(Err(e)) => Err(StartError::Other(anyhow::Error::new(e).context("the server stopped"))),
        Err(e) => Err(StartError::Other(anyhow::Error::new(e).context("the server stopped"))),
    }
}

/// Waits for Ctrl-C or SIGTERM, then tells the event streams to end.
async fn stopped(shutdown: watch::Sender<bool>) {
    let ctrl_c = tokio::signal::ctrl_c();
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = ctrl_c.await;
        }
    }
    let _ = writeln!(std::io::stderr(), "\nStopping…");
    let _ = shutdown.send(true);
}

fn listen_error(addr: SocketAddr, e: &std::io::Error) -> StartError {
    StartError::Listen(match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("cannot listen on {addr}: address already in use; use --port to choose another")
        }
        _ => format!("cannot listen on {addr}: {e}"),
    })
}

fn announce(options: &Options, base_url: &str, addr: SocketAddr, temp: &std::path::Path) {
    let mut err = std::io::stderr().lock();
    let what = match options.mode {
        Mode::Internal => "the internal preview (redacted text shown: not for publication)",
        Mode::Public => "the public preview",
    };
    let _ = writeln!(err, "Serving {what} of {}", options.root.display());
    let _ = writeln!(err, "Listening on http://{addr}/ (site base URL {base_url}); dashboards at /_cahier/");
    let _ = writeln!(err, "Building into {}", temp.display());
    if !options.auth.is_open() {
        let _ = writeln!(err, "Authentication required (--auth)");
    }
    let _ = writeln!(err, "Press Ctrl-C to stop");
}
