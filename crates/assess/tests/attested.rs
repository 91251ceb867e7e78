//! Answers and exceptions are attested by people: an answer dated after today, or an owner given
//! but blank, is refused like any other malformed field, naming the file, line and field.

use chrono::{NaiveDate, TimeZone as _, Utc};
use maturity_assess::answers::today_anywhere;
use maturity_assess::{Answers, Exceptions};
use maturity_input::InputError;
use maturity_model::Catalogs;

fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|problems| panic!("{problems:?}"))
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn answers(text: &str, today: &str) -> Result<Answers, InputError> {
    Answers::parse("answers.toml", text, catalogs(), 365, day(today))
}

fn exceptions(text: &str) -> Result<Exceptions, InputError> {
    Exceptions::parse("exceptions.toml", text, catalogs(), &maturity_checks::ids())
}

fn answer(owner: Option<&str>, date: &str) -> String {
    let owner = owner.map(|o| format!("owner = \"{o}\"\n")).unwrap_or_default();
    format!("[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\n{owner}date = {date}\n")
}

#[test]
fn an_answer_dated_today_counts_and_one_dated_tomorrow_is_refused() {
    let ok = answers(&answer(Some("alice"), "2026-11-20"), "2026-11-20").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.by_id["training-plan"].date, day("2026-11-20"));

    let err = answers(&answer(Some("alice"), "2026-11-21"), "2026-11-20").expect_err("dated tomorrow");
    assert_eq!((err.file.as_str(), err.line, err.field.as_str()), ("answers.toml", 5, "answer[0].date"), "{err}");
    assert_eq!(err.message, "2026-11-21 is after today (2026-11-20): date an answer on the day it is given");
    assert_eq!(err.to_string().lines().count(), 1, "{err}");
}

#[test]
fn the_second_answer_dated_ahead_is_named() {
    let text = answer(None, "2026-01-01").replace("training-plan", "csmm.iam.3.2") + &answer(None, "2027-01-01");
    let err = answers(&text, "2026-11-20").expect_err("dated next year");
    assert_eq!((err.line, err.field.as_str()), (8, "answer[1].date"), "{err}");
}

#[test]
fn an_owner_may_be_left_out_but_not_given_blank() {
    let ok = answers(&answer(None, "2026-03-01"), "2026-11-20").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.by_id["training-plan"].owner, None);
    for blank in ["", " ", "\\t \\n"] {
        let err = answers(&answer(Some(blank), "2026-03-01"), "2026-11-20").expect_err("blank owner");
        assert_eq!((err.line, err.field.as_str()), (4, "answer[0].owner"), "{blank:?}: {err}");
        assert!(err.message.contains("say who answers for it"), "{err}");
    }
}

#[test]
fn an_exception_owner_must_not_be_blank() {
    let text = |owner: &str| {
        format!(
            "[[exception]]\naccount = \"111111111111\"\nreason = \"VPN only\"\nowner = \"{owner}\"\nexpires = 2027-01-31\n"
        )
    };
    exceptions(&text("platform-team")).unwrap_or_else(|e| panic!("{e}"));
    for blank in ["", "   "] {
        let err = exceptions(&text(blank)).expect_err("blank owner");
        assert_eq!(
            (err.file.as_str(), err.line, err.field.as_str()),
            ("exceptions.toml", 4, "exception[0].owner"),
            "{err}"
        );
        assert!(err.message.contains("say who accepts the risk"), "{err}");
    }
}

#[test]
fn today_is_the_day_in_the_easternmost_time_zone() {
    // UTC+14: the day changes there at 10:00 UTC.
    let at = |h, m| today_anywhere(Utc.with_ymd_and_hms(2026, 3, 1, h, m, 0).single().unwrap_or_default());
    assert_eq!(at(9, 59), day("2026-03-01"));
    assert_eq!(at(10, 0), day("2026-03-02"));
    assert_eq!(at(23, 59), day("2026-03-02"));
}
