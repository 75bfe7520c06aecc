//! `cahier serve` tests: run the real binary on a copy of a fixture site, on loopback, and
//! talk HTTP/1.1 to it over a plain `TcpStream`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::Fixture;

/// A running `cahier serve`, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    addr: String,
    temp: PathBuf,
    lines: Receiver<String>,
    log: Vec<String>,
    fixture: Fixture,
}

fn cahier() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cahier"))
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let fixture = Fixture::new("basic");
        std::fs::write(fixture.dir.path().join("secret.txt"), "OUTSIDE-THE-OUTPUT").unwrap();
        let (child, lines) = common::spawn_serve(&fixture.root(), extra);
        let mut server = Server { child, addr: String::new(), temp: PathBuf::new(), lines, log: Vec::new(), fixture };
        let listening = server.wait_for("Listening on http://");
        server.addr = listening["Listening on http://".len()..].split('/').next().unwrap().to_string();
        let temp = server.wait_for("Building into ");
        server.temp = PathBuf::from(temp.trim_start_matches("Building into "));
        server.wait_for("first build");
        server
    }

    /// Waits (10 s at most) for a line of the server's stderr that contains `needle`.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no `{needle}` from the server; it said:\n{}", self.log.join("\n"));
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[])
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        request(&self.addr, method, path, headers)
    }

    /// Stops the server as Ctrl-C would (SIGTERM takes the same path) and returns its status.
    fn stop(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with `Connection: close`; the path is sent exactly as given.
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response { status, headers, body: raw[split + 4..].to_vec() }
}

/// Polls `path` until `check` holds (10 s at most).
fn eventually(server: &Server, path: &str, check: impl Fn(&Response) -> bool) -> Response {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = server.get(path);
        if check(&r) || Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn paths_that_try_to_leave_the_output_never_reach_a_file_outside() {
    let server = Server::start(&[]);
    let attempts = [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fsecret.txt",
        "/docs/..%5c..%5csecret.txt",
        "/docs/..\\..\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/%00",
        "/index.html%00.css",
        "/docs/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ];
    for path in attempts {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        let text = r.text();
        assert!(!text.contains("OUTSIDE-THE-OUTPUT") && !text.contains("root:x:0:0"), "{path} leaked: {text}");
    }
    // A symlink inside the output that points outside it is not followed.
    let gen1 = server.temp.join("gen-1");
    std::os::unix::fs::symlink(server.fixture.dir.path().join("secret.txt"), gen1.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", gen1.join("etc")).unwrap();
    for path in ["/leak.txt", "/etc/passwd"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("OUTSIDE-THE-OUTPUT") && !r.text().contains("root:"), "{path}");
    }
}

#[test]
fn files_carry_their_type_an_etag_and_the_preview_headers() {
    let server = Server::start(&[]);
    let page = server.get("/docs/first/");
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("x-robots-tag"), Some("noindex, nofollow"));
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    let version = page.header("etag").expect("an ETag").trim_matches('"').to_string();
    let script = format!("<script src=\"/_cahier/live.js\" data-version=\"{version}\" defer></script></body>");
    assert!(page.text().contains(&script), "{}", page.text());
    let on_disk = std::fs::read_to_string(server.temp.join("gen-1/docs/first/index.html")).unwrap();
    assert!(!on_disk.contains("_cahier"), "the reload script is added to responses only, never to files");

    let etag = page.header("etag").expect("an ETag").to_string();
    let again = server.request("GET", "/docs/first/", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let head = server.request("HEAD", "/docs/first/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.header("content-length"), Some(page.body.len().to_string().as_str()));

    assert_eq!(server.get("/site.css").header("content-type"), Some("text/css; charset=utf-8"));
    let dir = server.get("/docs");
    assert_eq!((dir.status, dir.header("location")), (303, Some("/docs/")));
    assert_eq!(server.request("POST", "/", &[]).status, 405);
}

#[test]
fn a_missing_page_gets_the_404_page_of_its_language() {
    let server = Server::start(&[]);
    let fr = server.get("/fr/nulle-part/");
    assert_eq!(fr.status, 404);
    assert!(fr.text().contains("lang=\"fr\""), "{}", fr.text());
    let en = server.get("/nowhere/");
    assert_eq!(en.status, 404);
    assert!(en.text().contains("lang=\"en\""), "{}", en.text());
    assert_eq!(en.header("x-robots-tag"), Some("noindex, nofollow"));
}

#[test]
fn a_build_error_keeps_the_last_good_build_and_the_next_good_build_replaces_it() {
    let mut server = Server::start(&[]);
    let path = "content/docs/second.md";
    let original = std::fs::read_to_string(server.fixture.root().join(path)).unwrap();
    server.fixture.write(path, &original.replacen("+++\n", "+++\nweight = \"heavy\"\n", 1));
    server.wait_for("error: invalid front matter");
    assert_eq!(server.get("/docs/second/").status, 200, "the last good build is still served");
    let dashboard = server.get("/_cahier/");
    assert!(
        dashboard.text().contains("content/docs/second.md:2:10: error: invalid front matter"),
        "{}",
        dashboard.text()
    );

    server.fixture.write(path, &original.replace("Text.", "Text, edited live."));
    let page = eventually(&server, "/docs/second/", |r| r.text().contains("Text, edited live."));
    assert!(page.text().contains("Text, edited live."), "{}", page.text());
    assert!(!server.get("/_cahier/").text().contains("error"));

    let temp = server.temp.clone();
    assert!(temp.exists());
    assert!(server.stop().success());
    assert!(!temp.exists(), "the temp folder is removed at exit");
}

#[test]
fn dashboards_show_the_redaction_log_and_the_parity_report() {
    let server = Server::start(&[]);
    let index = server.get("/_cahier/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("<a href=\"/_cahier/redactions\">Redaction log</a>"));
    assert!(index.text().contains("<a href=\"/_cahier/parity\">Parity report</a>"));
    let log = server.get("/_cahier/redactions");
    assert!(log.text().contains("0 redactions, 0 pages withheld in full."), "{}", log.text());
    let parity = server.get("/_cahier/parity");
    assert!(parity.text().contains("<h2>Couverture</h2>"), "{}", parity.text());
    assert!(parity.text().contains("docs/third.md"), "the English-only page is listed: {}", parity.text());
    assert_eq!(server.get("/_cahier/nothing").status, 404);
    let events = server.get("/_cahier/live.js");
    assert_eq!(events.header("content-type"), Some("text/javascript; charset=utf-8"));
}

#[test]
fn beyond_loopback_the_preview_refuses_to_start_without_auth() {
    let f = Fixture::new("basic");
    let out =
        cahier().arg("--root").arg(f.root()).args(["serve", "--interface", "0.0.0.0", "--port", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: refusing to listen on 0.0.0.0 without --auth: the preview shows unredacted text"),
        "{stderr}"
    );
}

#[test]
fn with_a_token_only_requests_that_carry_it_get_in() {
    let server = Server::start(&["--auth", "t0ken-t0ken-t0ken"]);
    let denied = server.get("/");
    assert_eq!(denied.status, 401);
    assert!(denied.header("www-authenticate").is_some());
    assert_eq!(denied.header("x-robots-tag"), Some("noindex, nofollow"));
    assert_eq!(server.request("GET", "/", &[("Authorization", "Bearer t0ken-t0ken-t0ken")]).status, 200);
    assert_eq!(server.request("GET", "/", &[("Authorization", "Bearer t0ke")]).status, 401);
    assert_eq!(server.request("GET", "/_cahier/events", &[]).status, 401);
    assert_eq!(server.request("GET", "/", &[("Cookie", "cahier_token=t0ken-t0ken-t0ken")]).status, 200);
    let login = server.get("/_cahier/login?token=t0ken-t0ken-t0ken");
    assert_eq!(login.status, 303);
    assert!(login.header("set-cookie").is_some_and(|c| c.starts_with("cahier_token=t0ken-t0ken-t0ken;")
        && c.contains("HttpOnly")
        && c.contains("Max-Age=")));
    assert_eq!(server.get("/_cahier/login?token=wrong").status, 401);
}

#[test]
fn with_user_and_password_http_basic_is_required() {
    let server = Server::start(&["--auth", "ana:password-password"]);
    let denied = server.get("/");
    assert_eq!(denied.status, 401);
    assert!(denied.header("www-authenticate").is_some_and(|c| c.starts_with("Basic")));
    assert_eq!(server.request("GET", "/", &[("Authorization", "Basic YW5hOnBhc3N3b3JkLXBhc3N3b3Jk")]).status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let f = Fixture::new("basic");
    let out = cahier().arg("--root").arg(f.root()).args(["serve", "--port", &port]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "error: cannot listen on 127.0.0.1:{port}: address already in use; use --port to choose another"
        )),
        "{stderr}"
    );
}

#[test]
fn a_deleted_page_disappears_and_a_renamed_one_moves() {
    let server = Server::start(&[]);
    assert_eq!(server.get("/docs/third/").status, 200);
    let root = server.fixture.root();
    std::fs::rename(root.join("content/docs/third.md"), root.join("content/docs/fourth.md")).unwrap();
    let moved = eventually(&server, "/docs/fourth/", |r| r.status == 200);
    assert_eq!(moved.status, 200, "the renamed page is built under its new name");
    assert_eq!(server.get("/docs/third/").status, 404);
    std::fs::remove_file(root.join("content/docs/fourth.md")).unwrap();
    assert_eq!(eventually(&server, "/docs/fourth/", |r| r.status == 404).status, 404);
}

#[test]
fn the_internal_preview_shows_drafts_and_the_public_one_does_not() {
    let internal = Server::start(&[]);
    assert_eq!(internal.get("/docs/draft/").status, 200);
    let public = Server::start(&["--public"]);
    assert_eq!(public.get("/docs/draft/").status, 404);
    assert_eq!(public.get("/docs/first/").header("x-robots-tag"), Some("noindex, nofollow"));
}

#[test]
fn a_page_edit_is_applied_incrementally_and_the_terminal_says_so() {
    let mut server = Server::start(&[]);
    server.fixture.write(
        "content/docs/third.md",
        "+++\ntitle = \"Third\"\ndate = 2024-03-01\n+++\nOnly in English, edited live.\n",
    );
    let line = server.wait_for("incremental:");
    assert!(line.starts_with("content/docs/third.md changed: built "), "{line}");
    assert!(line.contains("(incremental: 1 bodies and "), "{line}");
    let page = eventually(&server, "/docs/third/", |r| r.text().contains("edited live"));
    assert!(page.text().contains("edited live"), "{}", page.text());
    server.wait_for("search index refreshed");
}

#[test]
fn input_that_used_to_crash_the_build_leaves_the_preview_serving() {
    let mut server = Server::start(&[]);
    let path = "content/docs/second.md";
    let original = std::fs::read_to_string(server.fixture.root().join(path)).unwrap();
    let deep = format!("+++\ntitle = \"N\"\n+++\n{}x{}\n", "{% a() %}".repeat(3000), "{% end %}".repeat(3000));
    server.fixture.write(path, &deep);
    server.wait_for("nested more than");
    server.fixture.write(path, &original);
    assert_eq!(server.get("/").status, 200);
    server.fixture.write("templates/page.html", "{% include \"page.html\" %}");
    server.wait_for("include each other in a loop");
    server.fixture.write(
        "templates/page.html",
        "{% import \"page.html\" as m %}{% macro f() %}{{ m::f() }}{% endmacro f %}{{ m::f() }}",
    );
    server.wait_for("calls itself");
    server.fixture.write(
        "templates/macros.html",
        "{% macro f(n) %}{% if n > 0 %}{{ self::f(n=n-1) }}{% endif %}{% endmacro f %}",
    );
    server.fixture.write("templates/page.html", "{% import \"macros.html\" as m %}{{ m::f(n=100000000) }}");
    server.wait_for("calls macros too deeply");
    assert_eq!(server.get("/").status, 200, "the last good build is still served");
    assert!(server.child.try_wait().unwrap().is_none(), "the server is alive");
}

#[test]
fn the_token_can_come_from_a_file_so_that_it_is_not_in_ps() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "from-a-file-0123456789\n").unwrap();
    let server = Server::start(&["--auth-file", file.to_str().unwrap()]);
    assert_eq!(server.get("/").status, 401);
    assert_eq!(server.request("GET", "/", &[("Authorization", "Bearer from-a-file-0123456789")]).status, 200);
}

#[test]
fn an_edit_to_another_page_leaves_this_pages_bytes_and_etag_so_it_does_not_reload() {
    let server = Server::start(&[]);
    let first = server.get("/docs/first/");
    let tag = first.header("etag").expect("an ETag").to_string();
    let path = "content/docs/second.md";
    let original = std::fs::read_to_string(server.fixture.root().join(path)).unwrap();
    server.fixture.write(path, &original.replace("Text.", "Text, edited live."));
    eventually(&server, "/docs/second/", |r| r.text().contains("Text, edited live."));
    let again = server.get("/docs/first/");
    assert_eq!(again.header("etag"), Some(tag.as_str()), "same bytes, same tag");
    assert_eq!(again.body, first.body, "the page served is the same, script included");
    let second = server.get("/docs/second/");
    assert!(second.text().contains(&format!("data-version=\"{}\"", second.header("etag").unwrap().trim_matches('"'))));
}

/// Regression: `cahier serve --public` made its parity dashboard from the unredacted pages,
/// so the redacted text was served at `/_cahier/parity` while the pages showed the placeholder.
#[test]
fn a_public_preview_never_shows_redacted_text_in_its_parity_report() {
    let mut server = Server::start(&["--public"]);
    let path = "content/docs/first.md";
    let original = std::fs::read_to_string(server.fixture.root().join(path)).unwrap();
    let secret =
        "Intro {% redact(s=\"15(1)\") %}Zanzibar-Quokka 987654 https://secret.example/quokka{% end %} paragraph.";
    // The French redacts its counterpart too: a passage redacted on one side only is refused.
    let fr = std::fs::read_to_string(server.fixture.root().join("content/docs/first.fr.md")).unwrap();
    server
        .fixture
        .write("content/docs/first.fr.md", &fr.replace("Paragraphe.", "{% redact(s=\"15(1)\") %}Paragraphe.{% end %}"));
    server.fixture.write(path, &original.replace("Intro paragraph.", secret));
    let page = eventually(&server, "/docs/first/", |r| !r.text().contains("Intro paragraph."));
    assert!(!page.text().contains("Quokka"), "{}", page.text());
    server.wait_for("built");
    let parity = server.get("/_cahier/parity").text();
    // The report speaks the target language (fr here).
    assert!(parity.contains("Coverage") || parity.contains("Couverture"), "{parity}");
    assert!(parity.contains("docs/first.md"), "the redacted page is still compared: {parity}");
    for leaked in ["Quokka", "987654", "secret.example"] {
        assert!(!parity.contains(leaked), "`{leaked}` is redacted text: {parity}");
    }
    // The redaction log's view of a source file shows the redacted text: not in a public preview.
    let source = server.get(&format!("/_cahier/source/{path}"));
    assert_eq!(source.status, 404, "{}", source.text());
    assert!(!source.text().contains("Quokka"), "{}", source.text());
}

/// Sends `bytes` as they are and gives the reply's head (the server may answer and close
/// before it has read them all).
fn raw_reply_head(addr: &str, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = stream.write_all(bytes);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let head = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |at| at);
    String::from_utf8_lossy(&raw[..head]).to_ascii_lowercase()
}

/// hyper answers requests it cannot parse by itself, before any handler adds the header.
#[test]
fn the_server_s_own_400_414_and_431_replies_say_noindex() {
    let server = Server::start(&[]);
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    let big_headers = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(600_000));
    for (bytes, status) in
        [(b"NOT A REQUEST\r\n\r\n".to_vec(), "400"), (long_uri.into_bytes(), "414"), (big_headers.into_bytes(), "431")]
    {
        let head = raw_reply_head(&server.addr, &bytes);
        assert!(head.starts_with(&format!("http/1.1 {status} ")), "{head}");
        assert!(head.contains("\r\nx-robots-tag: noindex"), "{head}");
    }
}
