//! Reading a bundle one account at a time: `assess` of a ten-thousand-account organization
//! cannot hold the whole bundle parsed (a few hundred kilobytes per account and region set), and
//! most of the time of parsing it whole went to the kernel handing out fresh memory for it.
//!
//! [`read_accounts`] hands each account to an [`AccountSink`] as its JSON text, unparsed, so
//! that the sink can parse and use it on other threads and drop it. The bundle's other members
//! (its head) are parsed as [`Bundle`] does, with `accounts` empty. The sink gets the head
//! before the first account when the writer put `schema_version`, `collector`, `scope` and
//! `organization` first (as `maturity scan` does); otherwise the accounts are kept, unparsed,
//! until the end of the file. A file that does not read this way is read again whole, for the
//! error [`Bundle::from_path`] gives.

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use maturity_input::InputError;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::{Bundle, SCHEMA_VERSION};

/// What is done with the accounts of a bundle as they are read.
pub trait AccountSink {
    /// The bundle without its accounts (`api_calls` and `shard` may still be missing), before
    /// the first account.
    fn head(&mut self, head: &Bundle);

    /// The account at `index` (from 0, in the file's order), as its JSON text.
    fn account(&mut self, index: usize, json: Box<RawValue>);
}

/// Reads the bundle at `path`, handing its accounts to `sink`; returns its head (the bundle
/// with `accounts` empty), complete.
///
/// # Errors
/// As [`Bundle::from_path`]: the file cannot be read, is not UTF-8, is not a bundle this build
/// reads. An account whose JSON is well formed but not an account is the sink's to report.
pub fn read_accounts(path: &Path, sink: &mut dyn AccountSink) -> Result<Bundle, InputError> {
    let file = path.display().to_string();
    let opened = File::open(path).map_err(|e| InputError::whole_file(&file, format!("cannot read: {e}")))?;
    let reader = Utf8Checked { inner: BufReader::with_capacity(1 << 20, opened), pending: Vec::new(), valid: true };
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let parsed = TopLevel { sink, head: Vec::new(), buffered: Vec::new(), announced: false }
        .deserialize(&mut deserializer)
        .and_then(|head| deserializer.end().map(|()| head));
    match parsed {
        Ok(Some(head)) if head.schema_version <= SCHEMA_VERSION => Ok(head),
        _ => Err(whole_file_error(path)),
    }
}

/// Why the bundle at `path` cannot be read, found again on the whole text, with line, column and
/// field: for a file [`read_accounts`] refused, or with an account that is not one.
#[must_use]
pub fn whole_file_error(path: &Path) -> InputError {
    match Bundle::from_path(path) {
        Err(error) => error,
        // Not expected: an error rather than a panic.
        Ok(_) => InputError::whole_file(
            path.display().to_string(),
            "could not be read one account at a time, though it reads whole; please report it",
        ),
    }
}

/// The top-level object: each member but `accounts` kept as text for the head.
struct TopLevel<'s> {
    sink: &'s mut dyn AccountSink,
    head: Vec<(String, Box<RawValue>)>,
    buffered: Vec<Box<RawValue>>,
    announced: bool,
}

/// The members the head must have before accounts can be handed on as they come.
const HEAD_FIRST: [&str; 4] = ["schema_version", "collector", "scope", "organization"];

impl TopLevel<'_> {
    /// The head parsed from the members read so far; `None` when they are not a bundle's.
    fn parse_head(&self) -> Option<Bundle> {
        let mut text = String::from("{\"accounts\":[]");
        for (key, value) in &self.head {
            text.push(',');
            text.push_str(&serde_json::to_string(key).ok()?);
            text.push(':');
            text.push_str(value.get());
        }
        text.push('}');
        serde_json::from_str(&text).ok()
    }
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = Option<Bundle>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Option<Bundle>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an evidence bundle")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen_accounts = false;
        while let Some(key) = map.next_key::<String>()? {
            if key != "accounts" || seen_accounts {
                let value: Box<RawValue> = map.next_value()?;
                self.head.push((key, value));
                continue;
            }
            seen_accounts = true;
            let ready = HEAD_FIRST.iter().all(|k| self.head.iter().any(|(key, _)| key == k));
            let head = if ready { self.parse_head() } else { None };
            if let Some(head) = &head {
                self.sink.head(head);
                self.announced = true;
            }
            map.next_value_seed(Accounts { top: &mut self })?;
        }
        let Some(head) = self.parse_head() else { return Ok(None) };
        if !self.announced {
            self.sink.head(&head);
            for (index, account) in std::mem::take(&mut self.buffered).into_iter().enumerate() {
                self.sink.account(index, account);
            }
        }
        Ok(Some(head))
    }
}

/// The `accounts` array: each one handed on, or kept until the head is known.
struct Accounts<'t, 's> {
    top: &'t mut TopLevel<'s>,
}

impl<'de> DeserializeSeed<'de> for Accounts<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Accounts<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of accounts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(account) = seq.next_element::<Box<RawValue>>()? {
            if self.top.announced {
                self.top.sink.account(index, account);
            } else {
                self.top.buffered.push(account);
            }
            index += 1;
        }
        Ok(())
    }
}

/// Fails a read at the first byte that is not UTF-8: serde_json does not check the text it skips
/// (see [`Bundle::from_path`]), and a bundle is JSON, which is UTF-8.
struct Utf8Checked<R> {
    inner: R,
    /// The bytes of a character cut by the end of the previous read.
    pending: Vec<u8>,
    valid: bool,
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.valid {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"));
        }
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        if n == 0 {
            if !self.pending.is_empty() {
                self.valid = false;
                return Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"));
            }
            return Ok(0);
        }
        let mut joined;
        let text: &[u8] = if self.pending.is_empty() {
            read
        } else {
            joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(read);
            &joined
        };
        match std::str::from_utf8(text) {
            Ok(_) => self.pending.clear(),
            // A character cut at the end: its first bytes wait for the next read.
            Err(e) if e.error_len().is_none() => {
                self.pending = text.get(e.valid_up_to()..).unwrap_or_default().to_vec();
            }
            Err(_) => {
                self.valid = false;
                return Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collected {
        head: Option<Bundle>,
        accounts: Vec<(usize, String)>,
    }

    impl AccountSink for Collected {
        fn head(&mut self, head: &Bundle) {
            assert!(self.accounts.is_empty(), "the head comes before the accounts");
            self.head = Some(head.clone());
        }

        fn account(&mut self, index: usize, json: Box<RawValue>) {
            self.accounts.push((index, json.get().to_owned()));
        }
    }

    fn demo_like() -> Bundle {
        let text = r#"{"schema_version": 2,
            "collector": {"tool": "maturity", "version": "0", "collected_at": "2026-11-20T00:00:00Z"},
            "scope": {"organization_id": "o-1", "accounts": ["111111111111", "222222222222"], "regions": ["eu-west-1"]},
            "organization": {},
            "accounts": [{"account_id": "111111111111"}, {"account_id": "222222222222"}],
            "api_calls": {"sts:GetCallerIdentity": 1}}"#;
        Bundle::from_json("demo-like.json", text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn read(text: impl AsRef<[u8]>) -> (Result<Bundle, InputError>, Collected) {
        let text = text.as_ref();
        let dir = std::env::temp_dir().join(format!("maturity-read-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join("bundle.json");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let mut sink = Collected::default();
        let head = read_accounts(&path, &mut sink);
        let _ = std::fs::remove_dir_all(&dir);
        (head, sink)
    }

    #[test]
    fn the_accounts_come_one_by_one_after_the_head_and_the_rest_is_the_bundle() {
        let bundle = demo_like();
        let text = serde_json::to_string_pretty(&bundle).unwrap_or_else(|e| panic!("{e}"));
        let (head, sink) = read(&text);
        let head = head.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Bundle { accounts: bundle.accounts.clone(), ..head.clone() }, bundle);
        assert_eq!(sink.head.map(|h| h.scope), Some(bundle.scope.clone()));
        let ids: Vec<(usize, String)> = sink
            .accounts
            .iter()
            .map(|(i, json)| {
                let account: crate::AccountEvidence = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
                (*i, account.account_id)
            })
            .collect();
        assert_eq!(ids, [(0, "111111111111".to_owned()), (1, "222222222222".to_owned())]);
    }

    #[test]
    fn accounts_before_the_head_wait_for_it() {
        let text = r#"{"accounts": [{"account_id": "111111111111"}], "schema_version": 2,
            "collector": {"tool": "maturity", "version": "0", "collected_at": "2026-11-20T00:00:00Z"},
            "scope": {"accounts": ["111111111111"], "regions": []}}"#;
        let (head, sink) = read(text);
        assert!(head.is_ok(), "{head:?}");
        assert!(sink.head.is_some());
        assert_eq!(sink.accounts.len(), 1);
    }

    #[test]
    fn a_broken_bundle_gets_the_whole_file_error() {
        let bundle = demo_like();
        let text =
            serde_json::to_string_pretty(&bundle).unwrap_or_else(|e| panic!("{e}")).replace("\"scope\"", "\"scopes\"");
        let (head, _) = read(&text);
        let error = head.err().unwrap_or_else(|| panic!("read"));
        assert!(error.to_string().contains("scopes"), "{error}");
        let mut bytes = serde_json::to_vec_pretty(&bundle).unwrap_or_else(|e| panic!("{e}"));
        let at = bytes.windows(3).position(|w| w == b"o-1").unwrap_or_else(|| panic!("no o-1")) + 1;
        bytes[at] = 0xff;
        let (head, _) = read(&bytes);
        let error = head.err().unwrap_or_else(|| panic!("read"));
        assert!(error.to_string().contains("UTF-8"), "{error}");
    }

    #[test]
    fn characters_cut_between_reads_are_whole_again() {
        let text = "é".repeat(10) + "\u{1F600}";
        let mut reader =
            Utf8Checked { inner: Chunks { data: text.as_bytes(), size: 3 }, pending: Vec::new(), valid: true };
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, text.as_bytes());
        let mut bad = Utf8Checked { inner: Chunks { data: b"ab\xff", size: 2 }, pending: Vec::new(), valid: true };
        assert!(bad.read_to_end(&mut Vec::new()).is_err());
        let mut cut = Utf8Checked { inner: Chunks { data: b"ab\xc3", size: 2 }, pending: Vec::new(), valid: true };
        assert!(cut.read_to_end(&mut Vec::new()).is_err(), "a character cut by the end of the file");
    }

    /// A reader that returns at most `size` bytes a call.
    struct Chunks<'a> {
        data: &'a [u8],
        size: usize,
    }

    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.size.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }
}
