//! The answers file (`--answers answers.toml`): `Answers::parse`.
//!
//! Properties besides not panicking: an error is one located line naming the file; every parsed
//! answer answers a control or an objective of the catalogs, under its own id, and expires no
//! earlier than it was given; and the file the dashboard writes back (`Answers::to_toml`) reads
//! back to the same answers. Each input is read with the default validity and with the longest
//! one a configuration file can set.

#![no_main]

use maturity_assess::Answers;
use maturity_assess::answers::DEFAULT_VALIDITY_DAYS;
use maturity_fuzz::{assert_located, catalogs, text};

const FILE: &str = "answers.toml";

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = text(bytes);
    let catalogs = catalogs();
    for validity_days in [DEFAULT_VALIDITY_DAYS, u64::MAX] {
        let answers = match Answers::parse(FILE, &text, catalogs, validity_days) {
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
        }
        let written = answers.to_toml();
        match Answers::parse("written.toml", &written, catalogs, 1) {
            Ok(again) => assert!(again == answers, "the answers read back different:\n{written}"),
            Err(error) => panic!("the answers as written do not read back: {error}\n{written}"),
        }
    }
});
