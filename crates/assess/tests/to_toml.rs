//! The files the dashboard writes back (answers, exceptions, configuration) read back to what was
//! written: `parse(to_toml(x)) == x`, including text that TOML must quote or escape.

use maturity_assess::{Answers, Config, Exceptions};
use maturity_model::Catalogs;

fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|problems| panic!("{problems:?}"))
}

/// The day the files are read on: after every answer's date.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

#[test]
fn answers_read_back_the_same() -> Result<(), maturity_input::InputError> {
    let text = r#"
[[answer]]
id = "training-plan"
answer = "partial"
evidence = "https://wiki.example.com/a?b=\"c\"\nsecond line, ünïcode, # not a comment"
owner = "alice@example.com"
date = 2026-03-01

[[answer]]
id = "csmm.iam.3.2"
answer = "n-a"
date = 2026-04-02
expires = 2026-05-01
"#;
    let answers = Answers::parse("a.toml", text, catalogs(), 365, today())?;
    assert_eq!(answers.by_id.len(), 2);
    let written = answers.to_toml();
    // Read back with another validity: every expiry is written out, so it changes nothing.
    let again = Answers::parse("written.toml", &written, catalogs(), 30, today())?;
    assert_eq!(again, answers, "{written}");
    assert!(written.contains("expires = 2027-03-01"), "{written}");
    Ok(())
}

#[test]
fn no_answers_write_a_file_that_reads_as_none() -> Result<(), maturity_input::InputError> {
    let written = Answers::default().to_toml();
    assert_eq!(Answers::parse("empty.toml", &written, catalogs(), 365, today())?, Answers::default());
    Ok(())
}

#[test]
fn exceptions_read_back_the_same_in_the_same_order() -> Result<(), maturity_input::InputError> {
    let text = r#"
[[exception]]
check = "ec2-no-risky-ports-open"
account = "222222222222"
tag = "Environment=sandbox"
reason = "Bastion behind the \"corporate\" VPN;\nreviewed quarterly."
owner = "platform-team@example.com"
expires = 2027-01-31

[[exception]]
control = "training-plan"
reason = "Replaced by the vendor's programme."
owner = "ciso@example.com"
expires = 2026-12-31
"#;
    let exceptions = Exceptions::parse("e.toml", text, catalogs(), &maturity_checks::ids())?;
    let written = exceptions.to_toml();
    let again = Exceptions::parse("written.toml", &written, catalogs(), &maturity_checks::ids())?;
    assert_eq!(again, exceptions, "{written}");
    assert_eq!(again.list.iter().map(|e| e.number).collect::<Vec<_>>(), vec![1, 2]);
    Ok(())
}

#[test]
fn the_configuration_reads_back_the_same() -> Result<(), maturity_input::InputError> {
    let text = "[csmm]\ndefault_target = 2\ntargets = { iam = 4 }\n[thresholds]\nmost = 70\nextensive = 85.5\n\
                consistent = 99\ninitial_accounts = 2\n[answers]\nvalidity_days = 180\n";
    let config = Config::parse("c.toml", text, catalogs())?;
    let written = config.to_toml();
    assert_eq!(Config::parse("written.toml", &written, catalogs())?, config, "{written}");
    assert_eq!(Config::parse("default.toml", &Config::default().to_toml(), catalogs())?, Config::default());
    Ok(())
}

/// Found by the answers fuzz target (`fuzz/corpus/answers/found-default-expiry-past-9999*.toml`):
/// an answer without an expiry, whose date plus the validity (which `maturity.toml` may set to any
/// number of days) fell after 9999-12-31, was written back as an empty file, because TOML years
/// have four digits: the dashboard then saved every answer away. Such an expiry is now
/// 9999-12-31, which reads back.
#[test]
fn answers_whose_default_expiry_falls_after_9999_read_back_the_same() -> Result<(), maturity_input::InputError> {
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31);
    let cases = [
        (include_str!("../../../fuzz/corpus/answers/found-default-expiry-past-9999.toml"), u64::MAX),
        (include_str!("../../../fuzz/corpus/answers/found-default-expiry-past-9999-by-date.toml"), 365),
    ];
    // One answer is dated 9999-06-01: read on the last day there is, so that it is not refused as
    // dated after today.
    let today = chrono::NaiveDate::MAX;
    for (text, validity_days) in cases {
        let answers = Answers::parse("a.toml", text, catalogs(), validity_days, today)?;
        let expires: Vec<_> = answers.by_id.values().map(|a| Some(a.expires)).collect();
        assert_eq!(expires, [last], "{text}");
        let written = answers.to_toml();
        assert!(written.contains("expires = 9999-12-31"), "{written}");
        assert_eq!(Answers::parse("written.toml", &written, catalogs(), 1, today)?, answers, "{written}");
    }
    Ok(())
}
