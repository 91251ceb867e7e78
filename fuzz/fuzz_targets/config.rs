//! The configuration file (`--config maturity.toml`): `Config::parse`.
//!
//! Properties besides not panicking: an error is one located line naming the file; every target
//! is a CSMM category's, from 1 to 5; the thresholds are percentages in order with "initial" at
//! least 1; and the file the dashboard writes back (`Config::to_toml`) reads back to the same
//! settings.

#![no_main]

use maturity_assess::Config;
use maturity_fuzz::{assert_located, catalogs, text};

const FILE: &str = "maturity.toml";

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = text(bytes);
    let catalogs = catalogs();
    let config = match Config::parse(FILE, &text, catalogs) {
        Ok(config) => config,
        Err(error) => {
            assert_located(FILE, &text, &error);
            return;
        }
    };
    let level = 1..=5;
    assert!(level.contains(&config.default_target), "default target {}", config.default_target);
    for (category, target) in &config.targets {
        assert!(catalogs.csmm.category(category).is_some(), "no category `{category}`");
        assert!(level.contains(target), "target {target} for `{category}`");
    }
    let t = config.thresholds;
    let percent = 0.0..=100.0;
    assert!(
        percent.contains(&t.most) && percent.contains(&t.extensive) && percent.contains(&t.consistent),
        "thresholds out of range: {t:?}"
    );
    assert!(t.most <= t.extensive && t.extensive <= t.consistent, "thresholds out of order: {t:?}");
    assert!(t.initial_accounts >= 1, "\"initial\" needs no account");
    let written = config.to_toml();
    match Config::parse("written.toml", &written, catalogs) {
        Ok(again) => assert!(again == config, "the settings read back different:\n{written}"),
        Err(error) => panic!("the settings as written do not read back: {error}\n{written}"),
    }
});
