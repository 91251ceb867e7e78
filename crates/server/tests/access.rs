//! Who may read the dashboard: a reachable address without a token refuses to start; with one,
//! a request without it is 401, with it (as a bearer token or the login form's cookie) 200; the
//! database keeps the token's hash, never the token.

mod support;

use maturity_server::ServeError;
use support::Dashboard;

#[test]
fn a_reachable_address_without_a_token_refuses_to_start() {
    for bind in ["0.0.0.0:0", "[::]:0"] {
        match Dashboard::start(bind, false, 0) {
            Err(error @ ServeError::NoToken { .. }) => {
                let message = error.to_string();
                assert!(message.contains("--new-token") && message.contains("no access token"), "{message}");
            }
            Err(other) => panic!("{bind}: refused for another reason: {other}"),
            Ok(_) => panic!("{bind}: started without a token"),
        }
    }
    // Asked to require a token on loopback, the same.
    assert!(matches!(Dashboard::start("127.0.0.1:0", true, 0), Err(ServeError::NoToken { .. })));
}

/// The checks every token-guarded dashboard passes.
fn requests_need_the_token(dashboard: &Dashboard, token: &str) {
    let (_, new) = dashboard.ids;
    let page = format!("/assessments/{new}");
    for path in ["/", page.as_str(), "/diff", "/no/such/page"] {
        let refused = dashboard.get(path);
        assert_eq!(refused.status, 401, "{path} without a token");
        assert!(refused.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")));
        assert!(refused.body.contains("action=\"/login\""), "{path}: no login form");
        assert!(!refused.body.contains("Executive summary") && !refused.body.contains("data-trend"));
        let wrong = dashboard.get_with(path, &[("authorization", "Bearer 0000")]);
        assert_eq!(wrong.status, 401, "{path} with a wrong token");
    }
    let bearer = format!("Bearer {token}");
    assert_eq!(dashboard.get_with("/", &[("authorization", &bearer)]).status, 200);
    assert_eq!(dashboard.get_with(&page, &[("authorization", &bearer)]).status, 200);
    assert_eq!(dashboard.get_with("/no/such/page", &[("authorization", &bearer)]).status, 404);
    // The stylesheets and the login form are open to all.
    assert_eq!(dashboard.get("/assets/report.css").status, 200);
    assert_eq!(dashboard.get("/login").status, 200);

    // The login form: a wrong token is refused, the right one sets the cookie and goes back.
    let refused = dashboard.post_form("/login", "token=nope&next=%2Fdiff");
    assert_eq!(refused.status, 401);
    assert!(refused.header("set-cookie").is_none());
    let accepted = dashboard.post_form("/login", &format!("token={token}&next=%2Fdiff"));
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    assert_eq!(accepted.header("location"), Some("/diff"));
    let cookie = accepted.header("set-cookie").unwrap_or_else(|| panic!("no cookie"));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let pair = cookie.split(';').next().unwrap_or_default();
    assert_eq!(dashboard.get_with("/diff", &[("cookie", pair)]).status, 200);
    assert_eq!(dashboard.get_with("/diff", &[("cookie", "maturity_token=nope")]).status, 401);
    // The form sends nobody to another site.
    let away = dashboard.post_form("/login", &format!("token={token}&next=https%3A%2F%2Fevil.example%2F"));
    assert_eq!(away.header("location"), Some("/"));
}

#[test]
fn on_every_interface_requests_need_the_token() {
    let (dashboard, tokens) =
        Dashboard::start("0.0.0.0:0", false, 1).unwrap_or_else(|e| panic!("with a token it starts: {e}"));
    assert_eq!(tokens.len(), 1);
    requests_need_the_token(&dashboard, &tokens[0]);
}

#[test]
fn on_loopback_a_required_token_is_required() {
    let (dashboard, tokens) = Dashboard::start("127.0.0.1:0", true, 2).unwrap_or_else(|e| panic!("{e}"));
    // Any of the tokens is accepted.
    requests_need_the_token(&dashboard, &tokens[1]);
    requests_need_the_token(&dashboard, &tokens[0]);
    // A foreign host name does not matter once a token is asked for.
    let bearer = format!("Bearer {}", tokens[0]);
    assert_eq!(dashboard.get_with("/", &[("authorization", &bearer), ("host", "dashboard.example")]).status, 200);
}

#[test]
fn the_database_keeps_the_hash_of_a_token_never_the_token() {
    let (dashboard, tokens) = Dashboard::start("127.0.0.1:0", true, 1).unwrap_or_else(|e| panic!("{e}"));
    let token = &tokens[0];
    let dir = dashboard.db.parent().unwrap_or_else(|| panic!("no parent"));
    // The database and its write-ahead log, whatever has reached which.
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        bytes.extend(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    }
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&maturity_server::token::hash(token)), "the hash is not where the test looks");
    assert!(!contains(token.as_bytes()), "the token itself is in the database");
    assert!(!contains(token.to_uppercase().as_bytes()));
}
