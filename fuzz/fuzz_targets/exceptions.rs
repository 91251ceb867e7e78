//! The exceptions file (`--exceptions exceptions.toml`): `Exceptions::parse`.
//!
//! Properties besides not panicking: an error is one located line naming the file; every parsed
//! exception is numbered by its place in the file, names only registered checks and catalog
//! controls, covers something and says why; and the file the dashboard writes back
//! (`Exceptions::to_toml`) reads back to the same exceptions in the same order.

#![no_main]

use maturity_assess::Exceptions;
use maturity_fuzz::{assert_located, catalogs, known_checks, text};

const FILE: &str = "exceptions.toml";

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = text(bytes);
    let catalogs = catalogs();
    let exceptions = match Exceptions::parse(FILE, &text, catalogs, known_checks()) {
        Ok(exceptions) => exceptions,
        Err(error) => {
            assert_located(FILE, &text, &error);
            return;
        }
    };
    for (index, exception) in exceptions.list.iter().enumerate() {
        assert_eq!(exception.number, index + 1, "exception {} is numbered {}", index + 1, exception.number);
        if let Some(check) = &exception.check {
            assert!(known_checks().contains(&check.as_str()), "no check `{check}`");
        }
        if let Some(control) = &exception.control {
            assert!(catalogs.aws_smm.control(control).is_some(), "no control `{control}`");
        }
        assert!(!exception.scope().is_empty(), "exception {} covers nothing", exception.number);
        assert!(!exception.reason.trim().is_empty(), "exception {} gives no reason", exception.number);
    }
    let written = exceptions.to_toml();
    match Exceptions::parse("written.toml", &written, catalogs, known_checks()) {
        Ok(again) => assert!(again == exceptions, "the exceptions read back different:\n{written}"),
        Err(error) => panic!("the exceptions as written do not read back: {error}\n{written}"),
    }
});
