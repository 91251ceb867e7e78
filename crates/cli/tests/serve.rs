//! `maturity serve` as people run it: started on port 0, it says where it listens on standard
//! error and serves the demo's saved quarters; on a reachable address it refuses to start without
//! a token, and `serve --new-token` makes one that the server then asks for.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn maturity(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(args)
        .env_remove("MATURITY_DB")
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"))
}

/// A `maturity serve` process, killed when dropped.
struct Serving {
    child: Child,
    base: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `maturity serve` with `args` and waits for the line that says where it listens.
fn serve(args: &[&str]) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .arg("serve")
        .args(args)
        .env_remove("MATURITY_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run maturity serve: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let mut lines = BufReader::new(stderr).lines();
    let line = lines.next().and_then(Result::ok).unwrap_or_else(|| panic!("maturity serve said nothing"));
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let port = address.rsplit(':').next().unwrap_or_default();
    assert_ne!(port, "0", "{line}");
    // Keep reading standard error so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Serving { child, base: format!("http://127.0.0.1:{port}") }
}

fn get(url: &str, token: Option<&str>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(token) = token {
        request = request.header("authorization", &format!("Bearer {token}"));
    }
    let mut response = request.call().unwrap_or_else(|e| panic!("{url}: {e}"));
    let body = response.body_mut().read_to_string().unwrap_or_else(|e| panic!("{url}: {e}"));
    (response.status().as_u16(), body)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

#[test]
fn serve_on_port_zero_shows_the_saved_demo() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("maturity.db");
    let demo = maturity(&["demo", "--out", s(&tmp.path().join("northwind")), "--save", "--db", s(&db)]);
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    let serving = serve(&["--bind", "127.0.0.1:0", "--db", s(&db)]);
    let (status, body) = get(&format!("{}/", serving.base), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.matches("<circle").count(), 6, "two quarters in each of the three trends");
    assert!(body.contains(r#"href="/assessments/2""#) && body.contains(r#"href="/assessments/1""#));
}

#[test]
fn a_reachable_address_needs_a_token_made_by_new_token() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("maturity.db");

    let refused = maturity(&["serve", "--bind", "0.0.0.0:0", "--db", s(&db)]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("refusing to listen on 0.0.0.0:0") && stderr.contains("--new-token"), "{stderr}");

    let made = maturity(&["serve", "--new-token", "--db", s(&db)]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let token = String::from_utf8_lossy(&made.stdout).trim().to_owned();
    assert_eq!(token.len(), 64, "{token}");
    assert!(String::from_utf8_lossy(&made.stderr).contains("only time"));

    let serving = serve(&["--bind", "0.0.0.0:0", "--db", s(&db)]);
    assert_eq!(get(&format!("{}/", serving.base), None).0, 401);
    let (status, body) = get(&format!("{}/", serving.base), Some(&token));
    assert_eq!(status, 200);
    assert!(body.contains("No saved assessments yet"), "{body}");
}

#[test]
fn tokens_are_listed_by_fingerprint_and_a_revoked_one_no_longer_opens_the_dashboard() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("maturity.db");
    let make = || {
        let made = maturity(&["serve", "--new-token", "--db", s(&db)]);
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        let token = String::from_utf8_lossy(&made.stdout).trim().to_owned();
        let stderr = String::from_utf8_lossy(&made.stderr).into_owned();
        let fingerprint =
            stderr.split("`token ").nth(1).and_then(|r| r.split('`').next()).unwrap_or_default().to_owned();
        assert_eq!(fingerprint.len(), 12, "{stderr}");
        (token, fingerprint)
    };
    let (kept, kept_print) = make();
    let (revoked, revoked_print) = make();

    let listed = maturity(&["serve", "--list-tokens", "--db", s(&db)]);
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(listing.contains(&kept_print) && listing.contains(&revoked_print), "{listing}");
    assert!(!listing.contains(&kept) && !listing.contains(&revoked), "a token itself is shown: {listing}");

    let too_short = maturity(&["serve", "--revoke-token", &revoked_print[..4], "--db", s(&db)]);
    assert_eq!(too_short.status.code(), Some(2), "a 4-digit prefix could name several");
    let done = maturity(&["serve", "--revoke-token", &revoked_print, "--db", s(&db)]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let again = maturity(&["serve", "--revoke-token", &revoked_print, "--db", s(&db)]);
    assert_eq!(again.status.code(), Some(2), "revoked twice");

    let serving = serve(&["--bind", "0.0.0.0:0", "--db", s(&db)]);
    assert_eq!(get(&format!("{}/", serving.base), Some(&revoked)).0, 401, "the revoked token still opens it");
    assert_eq!(get(&format!("{}/", serving.base), Some(&kept)).0, 200);
    let (_, audit) = get(&format!("{}/audit", serving.base), Some(&kept));
    assert!(audit.contains("data-action=\"token.revoke\"") && audit.contains(&revoked_print), "{audit}");
}
