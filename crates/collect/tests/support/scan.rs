//! Scanning the emulator through the library, and reading facts out of the bundle.

use std::sync::Arc;

use maturity_collect::{RegionSelection, ScanOptions, Silent, StaticCredentials};
use maturity_evidence::{Bundle, Fact};

use super::moto::Moto;

/// Scan options for the emulator with its default credentials, in `regions`.
pub fn options(moto: &Moto, regions: &[&str]) -> ScanOptions {
    ScanOptions {
        static_credentials: Some(StaticCredentials {
            access_key_id: "testing".to_owned(),
            secret_access_key: "testing".to_owned(),
        }),
        region: Some("us-east-1".to_owned()),
        regions: RegionSelection::List(regions.iter().map(|r| (*r).to_owned()).collect()),
        endpoint_url: Some(moto.endpoint()),
        concurrency: 8,
        ..ScanOptions::default()
    }
}

/// Runs a scan and returns its bundle.
pub async fn scan(options: &ScanOptions) -> Bundle {
    maturity_collect::scan(options, Arc::new(Silent)).await.expect("scan")
}

/// The fact's value, or a panic naming what was expected.
pub fn ok<'a, T: std::fmt::Debug>(fact: &'a Fact<T>, what: &str) -> &'a T {
    match fact {
        Fact::Ok(value) => value,
        other => panic!("{what}: expected a value, got {other:?}"),
    }
}
