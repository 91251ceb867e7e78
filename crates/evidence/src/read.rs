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

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use maturity_input::InputError;

use crate::{Bundle, SCHEMA_VERSION};

mod extent;

use extent::Extent;

/// What is done with the accounts of a bundle as they are read.
pub trait AccountSink {
    /// The bundle without its accounts (`api_calls` and `shard` may still be missing), before
    /// the first account.
    fn head(&mut self, head: &Bundle);

    /// The account at `index` (from 0, in the file's order), as its JSON text: UTF-8, but not
    /// yet checked to be JSON (parsing it does that).
    fn account(&mut self, index: usize, json: String);
}

/// Reads the bundle at `path`, handing its accounts to `sink`; returns its head (the bundle
/// with `accounts` empty), complete.
///
/// # Errors
/// As [`Bundle::from_path`]: the file cannot be read, is not UTF-8, is not a bundle this build
/// reads. An account whose text is not an account is the sink's to report
/// ([`whole_file_error`] finds the error's line and field).
pub fn read_accounts(path: &Path, sink: &mut dyn AccountSink) -> Result<Bundle, InputError> {
    let file = path.display().to_string();
    let opened = File::open(path).map_err(|e| InputError::whole_file(&file, format!("cannot read: {e}")))?;
    let mut scanner = Scanner { reader: opened, buf: vec![0; 4 << 20], pos: 0, end: 0 };
    let mut top = TopLevel { sink, head: Vec::new(), buffered: Vec::new(), announced: false };
    match top.read(&mut scanner) {
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

/// Not the text of a bundle: where exactly is found again by [`whole_file_error`].
#[derive(Debug)]
struct Malformed;

impl From<io::Error> for Malformed {
    fn from(_: io::Error) -> Self {
        Malformed
    }
}

/// The top-level object: each member but `accounts` kept as text for the head.
struct TopLevel<'s> {
    sink: &'s mut dyn AccountSink,
    head: Vec<(String, String)>,
    buffered: Vec<String>,
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
            text.push_str(value);
        }
        text.push('}');
        serde_json::from_str(&text).ok()
    }

    /// Reads the whole file: `None` when the head is not a bundle's.
    fn read<R: Read>(&mut self, scanner: &mut Scanner<R>) -> Result<Option<Bundle>, Malformed> {
        scanner.expect(b'{')?;
        let mut seen_accounts = false;
        if scanner.peek()? == Some(b'}') {
            scanner.pos += 1;
        } else {
            loop {
                let key_text = scanner.value()?;
                let key: String = serde_json::from_slice(&key_text).map_err(|_| Malformed)?;
                scanner.expect(b':')?;
                if key == "accounts" && !seen_accounts && scanner.peek()? == Some(b'[') {
                    seen_accounts = true;
                    self.accounts(scanner)?;
                } else {
                    let value = String::from_utf8(scanner.value()?).map_err(|_| Malformed)?;
                    self.head.push((key, value));
                }
                match scanner.next()? {
                    Some(b',') => {}
                    Some(b'}') => break,
                    _ => return Err(Malformed),
                }
            }
        }
        if scanner.peek()?.is_some() {
            return Err(Malformed);
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

    /// The `accounts` array: each one handed on, or kept until the head is known.
    fn accounts<R: Read>(&mut self, scanner: &mut Scanner<R>) -> Result<(), Malformed> {
        let ready = HEAD_FIRST.iter().all(|k| self.head.iter().any(|(key, _)| key == k));
        if ready && let Some(head) = self.parse_head() {
            self.sink.head(&head);
            self.announced = true;
        }
        scanner.expect(b'[')?;
        if scanner.peek()? == Some(b']') {
            scanner.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            let account = String::from_utf8(scanner.value()?).map_err(|_| Malformed)?;
            if self.announced {
                self.sink.account(index, account);
            } else {
                self.buffered.push(account);
            }
            index += 1;
            match scanner.next()? {
                Some(b',') => {}
                Some(b']') => return Ok(()),
                _ => return Err(Malformed),
            }
        }
    }
}

/// Finds the extent of JSON values in a stream without parsing them: strings, and the brackets
/// outside strings. What is inside a value is checked when the value is parsed.
struct Scanner<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
}

impl<R: Read> Scanner<R> {
    /// Makes bytes available at `pos`; `false` at the end of the file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.end {
            return Ok(true);
        }
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(n) => {
                    self.pos = 0;
                    self.end = n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        while self.fill()? {
            let byte = self.buf[self.pos];
            if matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                return Ok(Some(byte));
            }
        }
        Ok(None)
    }

    /// The next byte that is not whitespace, consumed.
    fn next(&mut self) -> io::Result<Option<u8>> {
        let byte = self.peek()?;
        if byte.is_some() {
            self.pos += 1;
        }
        Ok(byte)
    }

    fn expect(&mut self, byte: u8) -> Result<(), Malformed> {
        if self.next()? == Some(byte) { Ok(()) } else { Err(Malformed) }
    }

    /// The text of the value that starts at the next byte that is not whitespace.
    ///
    /// The value is found in the buffer (read on into it, the buffer grown, as long as the
    /// value goes on) and copied out once.
    fn value(&mut self) -> Result<Vec<u8>, Malformed> {
        let first = self.peek()?.ok_or(Malformed)?;
        let mut extent = Extent::of(first);
        // How much of the value (from `pos`) is scanned.
        let mut scanned = 0;
        loop {
            let done;
            (done, scanned) = extent.scan(&self.buf[self.pos..self.end], scanned)?;
            // Only a number or literal may end with the file; checked when parsed.
            let ended = !done && !self.read_more()?;
            if ended && !(matches!(extent, Extent::Scalar) && scanned > 0) {
                return Err(Malformed);
            }
            if done || ended {
                let text = self.buf[self.pos..self.pos + scanned].to_vec();
                self.pos += scanned;
                return Ok(text);
            }
        }
    }

    /// Reads more of the file after `end`, keeping what is from `pos` on: moved to the front of
    /// the buffer, the buffer grown when it is full. `false` at the end of the file.
    fn read_more(&mut self) -> io::Result<bool> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize((self.buf.len() * 2).max(64), 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
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

        fn account(&mut self, index: usize, json: String) {
            self.accounts.push((index, json));
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
        static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("maturity-read-{}-{n}", std::process::id()));
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
    fn values_are_found_whole_across_reads_of_any_size() {
        let text = r#"{"a": {"b": ["x\"}]", "\\", "é\u00e9"], "c": -1.5e3}, "d": true , "e":null}"#;
        for size in [1, 2, 3, 5, 64] {
            let mut scanner =
                Scanner { reader: Chunks { data: text.as_bytes(), size }, buf: vec![0; size], pos: 0, end: 0 };
            let mut values = Vec::new();
            scanner.expect(b'{').unwrap_or_else(|e| panic!("{e:?}"));
            loop {
                let key = scanner.value().unwrap_or_else(|e| panic!("{e:?}"));
                scanner.expect(b':').unwrap_or_else(|e| panic!("{e:?}"));
                let value = scanner.value().unwrap_or_else(|e| panic!("{e:?}"));
                values.push((String::from_utf8(key).unwrap_or_default(), String::from_utf8(value).unwrap_or_default()));
                if scanner.next().unwrap_or_else(|e| panic!("{e}")) == Some(b'}') {
                    break;
                }
            }
            assert_eq!(scanner.peek().unwrap_or_else(|e| panic!("{e}")), None);
            let expected =
                [("\"a\"", r#"{"b": ["x\"}]", "\\", "é\u00e9"], "c": -1.5e3}"#), ("\"d\"", "true"), ("\"e\"", "null")];
            let expected: Vec<(String, String)> =
                expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            assert_eq!(values, expected, "reads of {size} bytes");
        }
    }

    #[test]
    fn what_is_not_a_bundle_is_refused() {
        for text in [
            "",
            "[]",
            "{",
            r#"{"accounts": [{"account_id": "1"}"#,
            r#"{"accounts": [{"account_id": "1"}]} x"#,
            r#"{"accounts": [}"#,
            r#"{"accounts" [] }"#,
        ] {
            let (head, _) = read(text);
            assert!(head.is_err(), "{text}");
        }
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
