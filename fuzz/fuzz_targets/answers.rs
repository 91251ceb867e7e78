//! The answers file (`--answers answers.toml`): `Answers::parse`.
//!
//! Properties besides not panicking: an error is one located line naming the file; every parsed
//! answer answers a control or an objective of the catalogs, under its own id, and expires no
//! earlier than it was given; and the file the dashboard writes back (`Answers::to_toml`) reads
//! back to the same answers. Each input is read with the default validity and with the longest
//! one a configuration file can set, on a fixed day (answers dated after it are refused) and on
//! the last day there is (every date is in the past).

#![no_main]

use chrono::NaiveDate;
use maturity_assess::Answers;
use maturity_assess::answers::DEFAULT_VALIDITY_DAYS;
use maturity_fuzz::{assert_located, catalogs, text};

const FILE: &str = "answers.toml";

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = text(bytes);
    let catalogs = catalogs();
    let fixed_day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or(NaiveDate::MAX);
    for (validity_days, today) in [(DEFAULT_VALIDITY_DAYS, fixed_day), (u64::MAX, NaiveDate::MAX)] {
        let answers = match Answers::parse(FILE, &text, catalogs, validity_days, today) {
            Ok(answers) => answers,
            Err(error) => {
                assert_located(FILE, &text, &error);
                return;
            }
        };
        for (id, answer) in &answers.by_id {
            assert_eq!(*id, answer.id, "an answer is filed under another id");
            assert!(
                catalogs.aws_smm.control(id).is_some() || catalogs.csmm.objective(id).is_some(),
                "`{id}` is neither a control nor an objective"
            );
            assert!(answer.expires >= answer.date, "`{id}` expires before it was given");
            assert!(answer.date <= today, "`{id}` is dated after today");
        }
        let written = answers.to_toml();
        match Answers::parse("written.toml", &written, catalogs, 1, today) {
            Ok(again) => assert!(again == answers, "the answers read back different:\n{written}"),
            Err(error) => panic!("the answers as written do not read back: {error}\n{written}"),
        }
    }
});
