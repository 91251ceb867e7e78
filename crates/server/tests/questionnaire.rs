//! The questionnaire, the exceptions and the files over HTTP, on the demo's two saved quarters:
//! an answer re-assesses at once and is kept (the newest assessment, the export, the audit
//! trail), exceptions are created, edited and retired, files are imported and exported, and
//! forged, stale or invalid forms change nothing.

mod support;

use support::{Dashboard, form, input_value};

/// An attested CSMM objective the demo leaves unanswered: answered `yes`, it is met, and the
/// governance category reaches level 2 (it is the only objective that held it back).
const ITEM: &str = "csmm.governance.2.1";

/// The form token and base assessment of the page at `path`.
fn form_of(dashboard: &Dashboard, path: &str) -> (String, String) {
    let page = dashboard.get(path);
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    let csrf = input_value(&page.body, "csrf").unwrap_or_else(|| panic!("{path}: no csrf field"));
    let base = input_value(&page.body, "base").unwrap_or_else(|| panic!("{path}: no base field"));
    (csrf, base)
}

fn answer_yes(csrf: &str, base: &str) -> String {
    let date = maturity_demo::as_of().to_string();
    form(&[
        ("csrf", csrf),
        ("base", base),
        ("answer", "yes"),
        ("evidence", "https://wiki.example.com/ir/critical-findings"),
        ("owner", "soc@example.com"),
        ("date", &date),
        ("expires", ""),
    ])
}

#[test]
fn an_answer_reassesses_at_once_and_is_kept() {
    let dashboard = Dashboard::demo();
    let (_, newest) = dashboard.ids;
    let path = format!("/questionnaire/{ITEM}");
    let (csrf, base) = form_of(&dashboard, &path);
    assert_eq!(base, newest.to_string(), "the form starts from the newest assessment");

    let posted = dashboard.post_form(&path, &answer_yes(&csrf, &base));
    assert_eq!(posted.status, 303, "{}", posted.body);
    let (made, cause) = (dashboard.newest(), dashboard.newest_cause());
    assert!(made > newest);
    assert_eq!(posted.header("location"), Some(format!("{path}?made={made}").as_str()));
    let cause = cause.unwrap_or_default();
    assert!(cause.contains(ITEM) && cause.contains("local user"), "{cause}");

    // What moved: the objective is met, governance reaches level 2, the program score rises.
    let shown = dashboard.get(&format!("{path}?made={made}"));
    assert!(shown.body.contains(&format!("data-made=\"{made}\"")), "{}", shown.body);
    assert!(shown.body.contains("data-category=\"Governance\" data-level=\"2\""), "{}", shown.body);
    assert!(!shown.body.contains("(unchanged)</dd><dt>Controls"), "the CSMM score moved: {}", shown.body);
    assert!(shown.body.contains("data-answer=\"yes\""), "the answer in force is the new one");
    let objective = dashboard.get(&format!("/assessments/{made}/objectives/{ITEM}"));
    let title = objective.body.split("id=\"objective-title\"").nth(1).unwrap_or_default();
    assert!(title.split("</h2>").next().unwrap_or_default().contains("badge s-met"), "{}", objective.body);

    // Kept: the overview shows the new assessment, the export holds the answer, the trail the change.
    assert!(dashboard.get("/").body.contains(&format!("/assessments/{made}")));
    let export = dashboard.get("/inputs/answers.toml");
    assert_eq!(export.status, 200);
    assert!(export.header("content-disposition").is_some_and(|d| d.contains("answers.toml")));
    let entry = export.body.split("[[answer]]").find(|e| e.contains(&format!("id = \"{ITEM}\""))).unwrap_or_default();
    assert!(entry.contains("answer = \"yes\"") && entry.contains("soc@example.com"), "{}", export.body);
    let audit = dashboard.get("/audit");
    assert!(audit.body.contains(&format!("data-action=\"answer.set\" data-subject=\"{ITEM}\"")), "{}", audit.body);

    // Changed again: the trail keeps the answer before.
    let (csrf, base) = form_of(&dashboard, &path);
    let changed = answer_yes(&csrf, &base).replace("answer=yes", "answer=partial");
    assert_eq!(dashboard.post_form(&path, &changed).status, 303);
    let audit = dashboard.get("/audit");
    assert!(
        audit.body.contains("answer = &quot;yes&quot;") || audit.body.contains("answer = \"yes\""),
        "{}",
        audit.body
    );

    // Withdrawn: no answer in force any more.
    let (csrf, base) = form_of(&dashboard, &path);
    let withdrawn = dashboard.post_form(&format!("{path}/withdraw"), &form(&[("csrf", &csrf), ("base", &base)]));
    assert_eq!(withdrawn.status, 303, "{}", withdrawn.body);
    let export = dashboard.get("/inputs/answers.toml");
    assert!(!export.body.contains(&format!("id = \"{ITEM}\"")), "{}", export.body);
}

#[test]
fn forged_stale_and_invalid_forms_change_nothing() {
    let dashboard = Dashboard::demo();
    let (older, newest) = dashboard.ids;
    let path = format!("/questionnaire/{ITEM}");
    let (csrf, base) = form_of(&dashboard, &path);
    let refused = |response: support::Response, status: u16, why: &str| {
        assert_eq!(response.status, status, "{why}: {}", response.body);
        assert_eq!(dashboard.newest(), newest, "{why}: something was saved");
    };

    refused(dashboard.post_form(&path, &answer_yes("", &base)), 403, "no token");
    refused(dashboard.post_form(&path, &answer_yes(&"0".repeat(64), &base)), 403, "a wrong token");
    let elsewhere = [("origin", "http://evil.example")];
    refused(dashboard.post_form_with(&path, &answer_yes(&csrf, &base), &elsewhere), 403, "another site's page");
    let cross = [("sec-fetch-site", "cross-site")];
    refused(dashboard.post_form_with(&path, &answer_yes(&csrf, &base), &cross), 403, "a cross-site fetch");
    refused(dashboard.post_form(&path, &answer_yes(&csrf, &older.to_string())), 409, "a form from an older assessment");

    let date = maturity_demo::as_of().to_string();
    let bad = |answer: &str, expires: &str| {
        form(&[
            ("csrf", &csrf),
            ("base", &base),
            ("answer", answer),
            ("owner", "soc@example.com"),
            ("date", &date),
            ("expires", expires),
        ])
    };
    let response = dashboard.post_form(&path, &bad("yes", "2001-01-01"));
    assert!(response.body.contains("expires"), "{}", response.body);
    refused(response, 422, "an expiry before the date");
    refused(dashboard.post_form(&path, &bad("maybe", "")), 422, "an answer that is not one");
    let tomorrow = (maturity_demo::as_of() + chrono::Days::new(1)).to_string();
    let ahead = form(&[
        ("csrf", &csrf),
        ("base", &base),
        ("answer", "yes"),
        ("owner", "soc@example.com"),
        ("date", &tomorrow),
        ("expires", ""),
    ]);
    let response = dashboard.post_form(&path, &ahead);
    assert!(response.body.contains("is after today"), "{}", response.body);
    refused(response, 422, "an answer dated after today");
    refused(
        dashboard.post_form("/questionnaire/guardduty/withdraw", &form(&[("csrf", &csrf), ("base", &base)])),
        404,
        "an automated control",
    );

    // The same form, sent right, is taken: the refusals were about the form, not the answer.
    assert_eq!(dashboard.post_form(&path, &answer_yes(&csrf, &base)).status, 303);
}

#[test]
fn the_list_filters_by_what_needs_attention_and_by_owner() {
    let dashboard = Dashboard::demo();
    let count = |query: &str| {
        let page = dashboard.get(&format!("/questionnaire{query}"));
        assert_eq!(page.status, 200, "{}", page.body);
        let marker = "id=\"shown-count\" data-count=\"";
        let start = page.body.find(marker).unwrap_or_else(|| panic!("no count")) + marker.len();
        page.body[start..].split('"').next().unwrap_or_default().parse::<usize>().unwrap_or_else(|e| panic!("{e}"))
    };
    let all = count("");
    let catalogs = maturity_model::Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(all, maturity_model::questionnaire::questions(catalogs).len());
    let unanswered = count("?show=unanswered");
    assert!(0 < unanswered && unanswered < all, "{unanswered} of {all}");
    let owned = count("?owner=soc%40example.com");
    assert_eq!(owned, 0, "nobody owns an answer under that name yet");
    let path = format!("/questionnaire/{ITEM}");
    let (csrf, base) = form_of(&dashboard, &path);
    assert_eq!(dashboard.post_form(&path, &answer_yes(&csrf, &base)).status, 303);
    assert_eq!(count("?owner=soc%40example.com"), 1);
    let soon = count("?show=expiring");
    assert!(soon < all);
}

#[test]
fn exceptions_are_created_edited_and_retired() {
    let dashboard = Dashboard::demo();
    let before = dashboard.get("/exceptions");
    let rows = |body: &str| body.matches("data-exception=\"").count();
    let existing = rows(&before.body);
    let (csrf, base) = form_of(&dashboard, "/exceptions");
    let fields = |csrf: &str, base: &str, reason: &str| {
        form(&[
            ("csrf", csrf),
            ("base", base),
            ("check", "ec2-no-risky-ports-open"),
            ("account", "222222222222"),
            ("reason", reason),
            ("owner", "platform@example.com"),
            ("expires", "2027-06-30"),
        ])
    };
    let missing = dashboard.post_form("/exceptions", &fields(&csrf, &base, " "));
    assert_eq!(missing.status, 422, "a reason is required: {}", missing.body);
    assert!(missing.body.contains("reason"));

    let created = dashboard.post_form("/exceptions", &fields(&csrf, &base, "Bastion behind the VPN."));
    assert_eq!(created.status, 303, "{}", created.body);
    let number = existing + 1;
    let listed = dashboard.get("/exceptions");
    assert_eq!(rows(&listed.body), number, "{}", listed.body);

    let (csrf, base) = form_of(&dashboard, &format!("/exceptions/{number}"));
    let edited = dashboard.post_form(&format!("/exceptions/{number}"), &fields(&csrf, &base, "Reviewed again."));
    assert_eq!(edited.status, 303, "{}", edited.body);
    assert!(dashboard.get("/inputs/exceptions.toml").body.contains("Reviewed again."));

    let (csrf, base) = form_of(&dashboard, &format!("/exceptions/{number}"));
    let retired =
        dashboard.post_form(&format!("/exceptions/{number}/retire"), &form(&[("csrf", &csrf), ("base", &base)]));
    assert_eq!(retired.status, 303, "{}", retired.body);
    assert_eq!(rows(&dashboard.get("/exceptions").body), existing);
    assert!(!dashboard.get("/inputs/exceptions.toml").body.contains("Reviewed again."));
    let audit = dashboard.get("/audit").body;
    for action in ["exception.create", "exception.edit", "exception.retire"] {
        assert!(audit.contains(&format!("data-action=\"{action}\"")), "{action}: {audit}");
    }
}

#[test]
fn files_are_imported_and_exported() {
    let dashboard = Dashboard::demo();
    let (csrf, base) = form_of(&dashboard, "/inputs");
    let import = |text: &str| {
        dashboard.post_form("/inputs/answers.toml", &form(&[("csrf", &csrf), ("base", &base), ("toml", text)]))
    };
    let wrong = import("[[answer]]\nid = \"no-such-control\"\nanswer = \"yes\"\ndate = 2026-11-01\n");
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("line 2") || wrong.body.contains(":2:"), "the line is named: {}", wrong.body);
    assert!(wrong.body.contains("no-such-control"));
    assert_eq!(dashboard.newest(), dashboard.ids.1, "nothing saved");
    for (text, why) in [
        (format!("[[answer]]\nid = \"{ITEM}\"\nanswer = \"yes\"\ndate = 2999-01-01\n"), "is after today"),
        (
            format!("[[answer]]\nid = \"{ITEM}\"\nanswer = \"yes\"\nowner = \" \"\ndate = 2026-11-01\n"),
            "answer[0].owner",
        ),
    ] {
        let refused = import(&text);
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains(why), "{why}: {}", refused.body);
        assert_eq!(dashboard.newest(), dashboard.ids.1, "nothing saved");
    }

    let text =
        format!("[[answer]]\nid = \"{ITEM}\"\nanswer = \"yes\"\nowner = \"soc@example.com\"\ndate = 2026-11-01\n");
    let imported = import(&text);
    assert_eq!(imported.status, 303, "{}", imported.body);
    let export = dashboard.get("/inputs/answers.toml").body;
    assert_eq!(export.matches("[[answer]]").count(), 1, "the import replaced every answer: {export}");
    assert!(export.contains(&format!("id = \"{ITEM}\"")));
    assert!(dashboard.get("/audit").body.contains("data-action=\"answers.import\""));
}
