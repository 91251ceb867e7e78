//! The evidence bundle (`maturity assess --evidence bundle.json`): `Bundle::from_json` on the
//! text, and `Bundle::from_path` (which has a fast path of its own on the raw bytes) on the same
//! bytes written to a file.
//!
//! Properties besides not panicking: an error is one located line naming the file; both entry
//! points agree (same bundle, or the same error but for the file name; bytes that are not UTF-8 are
//! never a bundle); a parsed bundle is of a schema version this build reads, and what the tool
//! writes for it (pretty JSON, all at once or streamed an account at a time) reads back equal.
//! `read_accounts` (how `maturity assess` reads a file, one account at a time) agrees with
//! `from_path`: the same head and accounts, or the same error, or an account text that does not
//! parse (the caller then reports `from_path`'s error).

#![no_main]

use std::io;
use std::path::PathBuf;
use std::sync::OnceLock;

use maturity_evidence::read::{AccountSink, read_accounts};
use maturity_evidence::{AccountEvidence, Bundle, SCHEMA_VERSION, write_pretty};
use maturity_fuzz::{assert_located, text};

const FILE: &str = "bundle.json";

/// The file `from_path` reads, one per process (libFuzzer's `-jobs` runs several).
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("maturity-fuzz-bundle-{}.json", std::process::id())))
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = text(bytes);
    let parsed = Bundle::from_json(FILE, &text);
    match &parsed {
        Err(error) => assert_located(FILE, &text, error),
        Ok(bundle) => reads_back(bundle),
    }

    let path = scratch();
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    let from_path = Bundle::from_path(path);
    let shown = path.display().to_string();
    let utf8 = std::str::from_utf8(bytes).is_ok();
    match (&parsed, &from_path) {
        (_, Err(error)) => {
            assert_located(&shown, &text, error);
            if utf8 && let Err(expected) = &parsed {
                let located = |e: &maturity_input::InputError| (e.line, e.column, e.field.clone(), e.message.clone());
                assert_eq!(located(error), located(expected), "from_path and from_json disagree on the error");
            }
            assert!(parsed.is_err() || !utf8, "from_json read a bundle that from_path rejects: {error}");
        }
        (Ok(expected), Ok(bundle)) => {
            assert!(utf8, "from_path read a bundle from bytes that are not UTF-8");
            assert!(bundle == expected, "from_path and from_json read different bundles");
        }
        (Err(error), Ok(_)) => panic!("from_path read a bundle that from_json rejects: {error}"),
    }
    one_account_at_a_time(path, &from_path);
});

/// The head and the accounts' texts, as `read_accounts` hands them on.
#[derive(Default)]
struct Collected {
    head: Option<Bundle>,
    accounts: Vec<String>,
}

impl AccountSink for Collected {
    fn head(&mut self, head: &Bundle) {
        assert!(self.head.is_none() && self.accounts.is_empty(), "the head comes once, before the accounts");
        self.head = Some(head.clone());
    }

    fn account(&mut self, index: usize, json: String) {
        assert_eq!(index, self.accounts.len(), "accounts come in order");
        self.accounts.push(json);
    }
}

/// `read_accounts` agrees with `from_path`.
fn one_account_at_a_time(path: &PathBuf, whole: &Result<Bundle, maturity_input::InputError>) {
    let mut collected = Collected::default();
    let streamed = read_accounts(path, &mut collected);
    let accounts: Result<Vec<AccountEvidence>, _> =
        collected.accounts.iter().map(|json| serde_json::from_str::<AccountEvidence>(json)).collect();
    match (whole, streamed, accounts) {
        (Ok(bundle), Ok(head), Ok(accounts)) => {
            assert!(head == Bundle { accounts: Vec::new(), ..bundle.clone() }, "read_accounts read another head");
            assert!(accounts == bundle.accounts, "read_accounts read other accounts");
            assert!(collected.head.is_some(), "the head was never handed on");
        }
        (Ok(_), Ok(_), Err(error)) => panic!("read_accounts handed on an account from_path reads, unreadable: {error}"),
        (Ok(_), Err(error), _) => panic!("read_accounts rejects a bundle from_path reads: {error}"),
        (Err(expected), Err(error), _) => assert_eq!(error, *expected, "read_accounts gives another error"),
        (Err(_), Ok(_), Err(_)) => {}
        (Err(error), Ok(_), Ok(_)) => panic!("read_accounts read a bundle from_path rejects: {error}"),
    }
}

/// What the tool writes for a parsed bundle reads back the same.
fn reads_back(bundle: &Bundle) {
    assert!(bundle.schema_version <= SCHEMA_VERSION, "read a bundle of version {}", bundle.schema_version);
    let written = serde_json::to_string_pretty(bundle).unwrap_or_else(|e| panic!("cannot write the bundle: {e}"));
    match Bundle::from_json("written.json", &written) {
        Ok(again) => assert!(again == *bundle, "the bundle reads back different:\n{written}"),
        Err(error) => panic!("the bundle as written does not read back: {error}\n{written}"),
    }

    // `maturity scan --org` streams the accounts; the result must be the same bytes.
    let head = Bundle { accounts: Vec::new(), ..bundle.clone() };
    let mut streamed = Vec::new();
    write_pretty(&mut streamed, &head, bundle.accounts.iter().cloned().map(Ok::<_, io::Error>))
        .unwrap_or_else(|e| panic!("cannot stream the bundle: {e}"));
    assert!(streamed == written.as_bytes(), "the streamed bundle differs from the one written at once");
}
