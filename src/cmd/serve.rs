//! `cahier serve`: preview the site with live reload (internal by default, `--public` for
//! exactly the public build). See [`crate::serve`].
//!
//! This file reads the options (the command line, then `[serve]` in `config.toml`) and
//! enforces the rule that the preview, which shows unredacted text, listens beyond loopback
//! only with `--auth`.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;

use crate::config::{Config, Overrides};
use crate::redact::Mode;
use crate::serve::auth::Auth;
use crate::serve::{self, StartError};

/// The port Zola uses, so that bookmarks carry over.
pub const DEFAULT_PORT: u16 = 1111;

/// Options of `cahier serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on (default: `[serve] interface` in config.toml, else
    /// 127.0.0.1). Anything but loopback requires --auth.
    #[arg(short, long)]
    pub interface: Option<String>,
    /// The port (default: `[serve] port`, else 1111); 0 picks a free port.
    #[arg(short, long)]
    pub port: Option<u16>,
    /// Require a secret: a token (sent as `Authorization: Bearer TOKEN`, or as a cookie set
    /// by opening /_cahier/login?token=TOKEN) or `user:password` (HTTP Basic).
    #[arg(long, value_name = "TOKEN|USER:PASSWORD")]
    pub auth: Option<String>,
    /// Read the --auth secret from this file (its first line), so that it does not show in
    /// `ps`; the environment variable `CAHIER_AUTH` also holds it.
    #[arg(long, value_name = "FILE", conflicts_with = "auth")]
    pub auth_file: Option<std::path::PathBuf>,
    /// Preview exactly the public build (redactions applied, no drafts) instead of the
    /// internal one.
    #[arg(long)]
    pub public: bool,
    /// The base URL of the build (default: http://INTERFACE:PORT, the port actually bound).
    #[arg(short = 'u', long)]
    pub base_url: Option<String>,
}

/// Runs the preview until Ctrl-C.
pub fn run(root: &Path, args: Args) -> u8 {
    let options = match options(root, args) {
        Ok(o) => o,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            return super::ERRORS;
        }
    };
    super::build::print_generation(root);
    match serve::run(options) {
        Ok(()) => super::SUCCESS,
        Err(StartError::Listen(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            super::ERRORS
        }
        Err(StartError::Other(e)) => super::report_failure(crate::build::Failure::Io(e)),
    }
}

/// Resolves the options, refusing a non-loopback address without `--auth`.
pub fn options(root: &Path, args: Args) -> Result<serve::Options, String> {
    // The config may not load (the server shows that error); its [serve] table is optional.
    let config = Config::load(root, &Overrides::default()).ok();
    let interface = args
        .interface
        .or_else(|| config.as_ref().and_then(|c| c.serve_interface.clone()))
        .unwrap_or_else(|| "127.0.0.1".into());
    let port = args.port.or_else(|| config.as_ref().and_then(|c| c.serve_port)).unwrap_or(DEFAULT_PORT);
    let ip = parse_interface(&interface)?;
    let auth = Auth::parse(secret(args.auth, args.auth_file.as_deref())?.as_deref())?;
    if !ip.is_loopback() && auth.is_open() {
        return Err(format!(
            "refusing to listen on {interface} without --auth: the preview shows unredacted text, so \
             anything beyond loopback (127.0.0.1, ::1) needs --auth TOKEN or --auth USER:PASSWORD"
        ));
    }
    Ok(serve::Options {
        root: root.to_path_buf(),
        addr: SocketAddr::new(ip, port),
        base_url: args.base_url,
        mode: if args.public { Mode::Public } else { Mode::Internal },
        auth,
    })
}

/// The secret: `--auth`, else the first line of `--auth-file`, else `CAHIER_AUTH`.
fn secret(auth: Option<String>, file: Option<&Path>) -> Result<Option<String>, String> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the --auth-file {}: {e}", file.display()))?;
        return Ok(Some(text.lines().next().unwrap_or("").trim().to_string()));
    }
    Ok(auth.or_else(|| std::env::var("CAHIER_AUTH").ok().filter(|v| !v.is_empty())))
}

fn parse_interface(interface: &str) -> Result<IpAddr, String> {
    if interface.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    interface
        .trim_matches(['[', ']'])
        .parse()
        .map_err(|_| format!("--interface takes an IP address (like 127.0.0.1, ::1 or 0.0.0.0), not `{interface}`"))
}
