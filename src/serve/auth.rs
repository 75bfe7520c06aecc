//! Authentication of the preview when it listens beyond loopback: it shows unredacted text.
//!
//! Input: the `--auth` value and each request's headers. Output: whether the request may
//! see the preview. A token is accepted as `Authorization: Bearer TOKEN` or as the
//! `cahier_token` cookie that `/_cahier/login?token=TOKEN` sets; `user:password` is checked
//! as HTTP Basic. Secrets are compared in constant time (over their SHA-256 digests, so the
//! comparison does not reveal the length either).

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The cookie that holds the token after `/_cahier/login`.
pub const COOKIE_NAME: &str = "cahier_token";

/// How long the login cookie lasts, in seconds (a working day).
pub const COOKIE_MAX_AGE: u32 = 12 * 60 * 60;

/// The shortest token and password accepted: a guessable secret guards nothing.
pub const MIN_SECRET: usize = 16;

/// Who may see the preview.
#[derive(Clone)]
pub enum Auth {
    /// Anyone who can reach the address (loopback only, unless the user opts in).
    Open,
    /// Holders of this token (Bearer header or cookie).
    Token([u8; 32]),
    /// HTTP Basic with this `user:password`.
    Basic([u8; 32]),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Auth::Open => "Auth::Open",
            Auth::Token(_) => "Auth::Token(…)",
            Auth::Basic(_) => "Auth::Basic(…)",
        })
    }
}

impl Auth {
    /// Reads `--auth`: `user:password` for HTTP Basic, anything without a colon is a token.
    pub fn parse(value: Option<&str>) -> Result<Auth, String> {
        let Some(value) = value else { return Ok(Auth::Open) };
        if value.trim().is_empty() {
            return Err("--auth needs a token or user:password, not an empty value".into());
        }
        match value.split_once(':') {
            Some((user, password)) if user.is_empty() || password.is_empty() => {
                Err("--auth user:password needs both a user and a password".into())
            }
            Some((_, password)) if password.chars().count() < MIN_SECRET => {
                Err(format!("the --auth password is too short: use at least {MIN_SECRET} characters"))
            }
            None if value.chars().count() < MIN_SECRET => {
                Err(format!("the --auth token is too short: use at least {MIN_SECRET} characters"))
            }
            Some(_) => Ok(Auth::Basic(digest(value.as_bytes()))),
            None if !value.bytes().all(|b| b.is_ascii_graphic() && !b";,\\\"".contains(&b)) => {
                Err("an --auth token is sent as a cookie: use printable ASCII without `;`, `,`, `\\` or quotes".into())
            }
            None => Ok(Auth::Token(digest(value.as_bytes()))),
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Auth::Open)
    }

    /// Whether the request's headers carry the secret.
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        match self {
            Auth::Open => true,
            Auth::Token(want) => {
                let bearer = header_str(headers, AUTHORIZATION.as_str()).and_then(|h| strip_scheme(h, "bearer"));
                bearer.is_some_and(|t| same(want, t.as_bytes()))
                    || cookie(headers, COOKIE_NAME).is_some_and(|t| same(want, t.as_bytes()))
            }
            Auth::Basic(want) => header_str(headers, AUTHORIZATION.as_str())
                .and_then(|h| strip_scheme(h, "basic"))
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
                .is_some_and(|pair| same(want, &pair)),
        }
    }

    /// Whether `token` is the token (for `/_cahier/login`).
    pub fn token_matches(&self, token: &str) -> bool {
        match self {
            Auth::Token(want) => same(want, token.as_bytes()),
            Auth::Open | Auth::Basic(_) => false,
        }
    }

    /// The `WWW-Authenticate` challenge of a 401.
    pub fn challenge(&self) -> &'static str {
        match self {
            Auth::Basic(_) => "Basic realm=\"cahier preview\", charset=\"UTF-8\"",
            Auth::Open | Auth::Token(_) => "Bearer realm=\"cahier preview\"",
        }
    }
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn same(want: &[u8; 32], got: &[u8]) -> bool {
    bool::from(want.ct_eq(&digest(got)))
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn strip_scheme<'a>(value: &'a str, scheme: &str) -> Option<&'a str> {
    let (s, rest) = value.trim().split_once(' ')?;
    s.eq_ignore_ascii_case(scheme).then_some(rest.trim())
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn tokens_cookies_and_basic_credentials() {
        let token = Auth::parse(Some("s3cret-s3cret-s3cret")).unwrap();
        assert!(token.allows(&headers("authorization", "Bearer s3cret-s3cret-s3cret")));
        assert!(token.allows(&headers("cookie", "a=b; cahier_token=s3cret-s3cret-s3cret")));
        assert!(!token.allows(&headers("authorization", "Bearer s3cret-s3cret-s3cre")));
        assert!(!token.allows(&HeaderMap::new()));
        let basic = Auth::parse(Some("ana:password-password")).unwrap();
        let encoded = base64::engine::general_purpose::STANDARD.encode("ana:password-password");
        assert!(basic.allows(&headers("authorization", &format!("Basic {encoded}"))));
        assert!(!basic.allows(&headers("authorization", "Basic YW5hOnB4")));
        assert!(!basic.allows(&headers("authorization", "Bearer ana:password-password")));
        assert!(Auth::parse(Some(":pw")).is_err());
        assert!(Auth::parse(Some("")).is_err());
        assert!(Auth::parse(Some("x")).unwrap_err().contains("too short"));
        assert!(Auth::parse(Some("ana:pw")).unwrap_err().contains("too short"));
    }
}
