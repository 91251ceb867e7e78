//! Where finished accounts wait for the end of the scan: in memory for a small scan that returns
//! its bundle, or on disk (an anonymous temporary file, gone when the scan ends) for a scan that
//! writes one, so that an organization of thousands of accounts never sits in memory at once.
//! Accounts finish in any order; both give them back in the order of the scan's targets.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};

use maturity_evidence::AccountEvidence;

/// Keeps finished accounts by their place among the scan's targets.
pub(crate) trait Spool {
    /// Keeps the account at `index`.
    ///
    /// # Errors
    /// The account cannot be stored.
    fn keep(&mut self, index: usize, account: AccountEvidence) -> io::Result<()>;
}

/// Accounts in memory.
#[derive(Debug, Default)]
pub(crate) struct InMemory(Vec<Option<AccountEvidence>>);

impl Spool for InMemory {
    fn keep(&mut self, index: usize, account: AccountEvidence) -> io::Result<()> {
        if self.0.len() <= index {
            self.0.resize_with(index + 1, || None);
        }
        if let Some(slot) = self.0.get_mut(index) {
            *slot = Some(account);
        }
        Ok(())
    }
}

impl InMemory {
    /// The accounts, in order.
    pub(crate) fn into_accounts(self) -> Vec<AccountEvidence> {
        self.0.into_iter().flatten().collect()
    }
}

/// Accounts in a temporary file, one JSON document after the other, with where each starts.
#[derive(Debug)]
pub(crate) struct OnDisk {
    file: File,
    /// Per index: offset and length of the account's JSON.
    places: Vec<Option<(u64, u64)>>,
    end: u64,
}

impl OnDisk {
    /// An empty spool in the system's temporary directory.
    ///
    /// # Errors
    /// The file cannot be created.
    pub(crate) fn new() -> io::Result<OnDisk> {
        Ok(OnDisk { file: tempfile::tempfile()?, places: Vec::new(), end: 0 })
    }

    /// The accounts, in order, read one at a time.
    pub(crate) fn accounts(&mut self) -> impl Iterator<Item = io::Result<AccountEvidence>> + '_ {
        let places: Vec<(u64, u64)> = self.places.iter().flatten().copied().collect();
        let file = &mut self.file;
        places.into_iter().map(move |(offset, length)| {
            file.seek(SeekFrom::Start(offset))?;
            let reader = BufReader::new(Read::by_ref(file).take(length));
            serde_json::from_reader(reader).map_err(io::Error::other)
        })
    }
}

impl Spool for OnDisk {
    fn keep(&mut self, index: usize, account: AccountEvidence) -> io::Result<()> {
        let json = serde_json::to_vec(&account).map_err(io::Error::other)?;
        self.file.seek(SeekFrom::Start(self.end))?;
        self.file.write_all(&json)?;
        let length = u64::try_from(json.len()).map_err(io::Error::other)?;
        if self.places.len() <= index {
            self.places.resize(index + 1, None);
        }
        if let Some(place) = self.places.get_mut(index) {
            *place = Some((self.end, length));
        }
        self.end += length;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use maturity_evidence::{AccountAccess, GlobalFacts};

    use super::*;

    fn account(id: &str) -> AccountEvidence {
        AccountEvidence {
            account_id: id.to_owned(),
            name: Some(format!("{id} \"quoted\"")),
            access: AccountAccess::Granted,
            global: GlobalFacts::default(),
            regions: BTreeMap::new(),
        }
    }

    #[test]
    fn accounts_come_back_in_the_order_of_the_targets() -> io::Result<()> {
        let mut disk = OnDisk::new()?;
        let mut memory = InMemory::default();
        for (index, id) in [(2, "333333333333"), (0, "111111111111"), (1, "222222222222")] {
            disk.keep(index, account(id))?;
            memory.keep(index, account(id))?;
        }
        let from_disk: Vec<AccountEvidence> = disk.accounts().collect::<io::Result<_>>()?;
        let ids: Vec<&str> = from_disk.iter().map(|a| a.account_id.as_str()).collect();
        assert_eq!(ids, ["111111111111", "222222222222", "333333333333"]);
        assert_eq!(from_disk, memory.into_accounts());
        Ok(())
    }
}
