//! Every parser of user files, fed thousands of mutated inputs: it returns a value or one
//! located error, and never panics. A deterministic mutation fuzzer (byte flips, deletions,
//! insertions of syntax characters, truncations) over valid seed files, so that it runs in every
//! test run; `fuzz/` holds the coverage-guided targets for longer runs.

use std::panic::{AssertUnwindSafe, catch_unwind};

use maturity_assess::{Answers, Config, Exceptions};
use maturity_evidence::Bundle;
use maturity_model::Catalogs;

const ROUNDS: usize = 3_000;

const ANSWERS: &str = "[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\nevidence = \"wiki\"\nowner = \"me\"\ndate = 2026-03-01\nexpires = 2027-03-01\n\n[[answer]]\nid = \"csmm.iam.2.1\"\nanswer = \"n-a\"\ndate = 2026-03-01\n";
const EXCEPTIONS: &str = "[[exception]]\ncheck = \"ec2-no-risky-ports-open\"\naccount = \"222222222222\"\ntag = \"Environment=sandbox\"\nreason = \"VPN only\"\nowner = \"team\"\nexpires = 2027-01-31\n";
const CONFIG: &str = "[csmm]\ndefault_target = 3\ntargets = { iam = 4 }\n\n[thresholds]\nmost = 75\nextensive = 90\nconsistent = 100\ninitial_accounts = 1\n\n[answers]\nvalidity_days = 365\n";
const BUNDLE: &str = include_str!("../../checks/tests/fixtures/iam-root-account-protected/inconclusive.json");

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const SYNTAX: &[u8] = b"[]{}\"=,:.\n#\\-01 9eE+tfn";

fn mutate(seed: &str, rng: &mut Rng) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 if !bytes.is_empty() => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, SYNTAX[rng.below(SYNTAX.len())]),
            2 if !bytes.is_empty() => bytes[at] = SYNTAX[rng.below(SYNTAX.len())],
            3 => bytes.truncate(at),
            _ => {
                let from = rng.below(bytes.len());
                let len = rng.below(12).min(bytes.len() - from);
                let chunk: Vec<u8> = bytes[from..from + len].to_vec();
                bytes.splice(at..at, chunk);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn fuzz(name: &str, seed: &str, parse: impl Fn(&str) -> Option<String>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    let mut rejected = 0;
    for round in 0..ROUNDS {
        let input = mutate(seed, &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| parse(&input)));
        match outcome {
            Err(_) => panic!("{name}: round {round} panicked on input:\n{input}"),
            Ok(Some(error)) => {
                rejected += 1;
                assert!(!error.contains('\n'), "{name}: multi-line error for:\n{input}\n→ {error}");
                assert!(error.starts_with(name), "{name}: error does not name the file: {error}");
            }
            Ok(None) => {}
        }
    }
    assert!(rejected > ROUNDS / 10, "{name}: mutations are too mild ({rejected} rejected)");
}

/// The day the answers are read on: after the sample's dates, so that they parse.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn bundle_parser_never_panics() {
    fuzz("bundle.json", BUNDLE, |text| Bundle::from_json("bundle.json", text).err().map(|e| e.to_string()));
}

#[test]
fn answers_parser_never_panics() {
    fuzz("answers.toml", ANSWERS, |text| {
        Answers::parse("answers.toml", text, catalogs(), 365, today()).err().map(|e| e.to_string())
    });
}

#[test]
fn exceptions_parser_never_panics() {
    let checks: Vec<&str> = maturity_checks::CHECKS.iter().map(|c| c.meta().id).collect();
    fuzz("exceptions.toml", EXCEPTIONS, |text| {
        Exceptions::parse("exceptions.toml", text, catalogs(), &checks).err().map(|e| e.to_string())
    });
}

#[test]
fn config_parser_never_panics() {
    fuzz("config.toml", CONFIG, |text| Config::parse("config.toml", text, catalogs()).err().map(|e| e.to_string()));
}

#[test]
fn mutated_bundles_that_parse_assess_without_panicking() {
    let catalogs = catalogs();
    let mut rng = Rng(42);
    let mut parsed = 0;
    for _ in 0..300 {
        let input = mutate(BUNDLE, &mut rng);
        if let Ok(bundle) = Bundle::from_json("b.json", &input) {
            parsed += 1;
            let settings = maturity_assess::Settings {
                catalogs,
                answers: &Answers::default(),
                exceptions: &Exceptions::default(),
                config: &Config::default(),
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
            };
            let _ = maturity_assess::assess(&settings, &bundle);
        }
    }
    // A test that assesses nothing proves nothing: some mutations must still parse.
    assert!(parsed > 0, "none of the 300 mutated bundles parsed, so nothing was assessed");
}
