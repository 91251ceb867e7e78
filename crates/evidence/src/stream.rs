//! Writing a bundle one account at a time: an organization scan keeps each finished account on
//! disk rather than the whole organization in memory, and writes the bundle from there. The
//! output is byte for byte what `serde_json::to_writer_pretty` writes for the whole bundle, so a
//! streamed bundle and one written at once cannot be told apart.

use std::io::{self, Write};

use crate::{AccountEvidence, Bundle};

/// Where the accounts go in a pretty-printed bundle whose `accounts` is empty: the only member of
/// the top level indented by exactly two spaces.
const EMPTY_ACCOUNTS: &str = "\n  \"accounts\": []";

/// Writes `head` with `accounts` in place of its (empty) `accounts`, pretty-printed, reading one
/// account at a time from the iterator.
///
/// # Errors
/// `head` already holds accounts, the iterator fails, or writing fails.
pub fn write_pretty<W: Write>(
    mut out: W,
    head: &Bundle,
    accounts: impl IntoIterator<Item = io::Result<AccountEvidence>>,
) -> io::Result<()> {
    if !head.accounts.is_empty() {
        return Err(io::Error::other("the head of a streamed bundle must not hold accounts"));
    }
    let text = serde_json::to_string_pretty(head).map_err(io::Error::other)?;
    let at = text.find(EMPTY_ACCOUNTS).ok_or_else(|| io::Error::other("the bundle has no `accounts` member"))?;
    let (before, after) = text.split_at(at + EMPTY_ACCOUNTS.len() - 1);
    out.write_all(before.as_bytes())?;
    let mut first = true;
    for account in accounts {
        let account = account?;
        out.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        serde_json::to_writer_pretty(Indented { out: &mut out }, &account).map_err(io::Error::other)?;
    }
    if !first {
        out.write_all(b"\n  ")?;
    }
    out.write_all(after.as_bytes())?;
    Ok(())
}

/// Indents every line after the first by four spaces: an account's place in the bundle.
struct Indented<'a, W: Write> {
    out: &'a mut W,
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(newline) = rest.iter().position(|&b| b == b'\n') {
            let (line, tail) = rest.split_at(newline + 1);
            self.out.write_all(line)?;
            self.out.write_all(b"    ")?;
            rest = tail;
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::{AccountAccess, Collector, GlobalFacts, OrganizationFacts, RegionFacts, Scope};

    fn account(id: &str) -> AccountEvidence {
        AccountEvidence {
            account_id: id.to_owned(),
            name: Some(format!("name \"{id}\"\nwith a newline")),
            access: AccountAccess::Granted,
            global: GlobalFacts::default(),
            regions: BTreeMap::from([("eu-west-1".to_owned(), RegionFacts::default())]),
        }
    }

    fn sample_bundle() -> Bundle {
        Bundle {
            schema_version: crate::SCHEMA_VERSION,
            collector: Collector {
                tool: "maturity".to_owned(),
                version: "0".to_owned(),
                collected_at: chrono::DateTime::UNIX_EPOCH,
                principal: None,
            },
            scope: Scope::default(),
            organization: Some(OrganizationFacts::default()),
            accounts: vec![account("111111111111"), account("222222222222")],
            api_calls: BTreeMap::from([("ec2:DescribeVpcs".to_owned(), 2)]),
            shard: None,
        }
    }

    fn streamed(bundle: &Bundle) -> String {
        let head = Bundle { accounts: Vec::new(), ..bundle.clone() };
        let mut out = Vec::new();
        write_pretty(&mut out, &head, bundle.accounts.iter().cloned().map(Ok)).unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn a_streamed_bundle_is_the_bundle_written_at_once() {
        let bundle = sample_bundle();
        assert!(bundle.accounts.len() > 1 && bundle.organization.is_some(), "a bundle worth streaming");
        let whole = serde_json::to_string_pretty(&bundle).unwrap_or_default();
        assert_eq!(streamed(&bundle), whole);
        let empty = Bundle { accounts: Vec::new(), ..bundle };
        assert_eq!(streamed(&empty), serde_json::to_string_pretty(&empty).unwrap_or_default());
    }

    #[test]
    fn a_failing_account_stops_the_bundle() {
        let bundle = sample_bundle();
        let head = Bundle { accounts: Vec::new(), ..bundle };
        let accounts = vec![Err(io::Error::other("the spool is gone"))];
        let error = write_pretty(Vec::new(), &head, accounts).map(|()| String::new()).unwrap_or_else(|e| e.to_string());
        assert_eq!(error, "the spool is gone");
    }
}
