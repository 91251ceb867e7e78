//! Compression of the large text columns (assessment and evidence JSON).
//!
//! Evidence bundles of large organizations are tens of megabytes of repetitive JSON; gzip keeps
//! the database a fraction of that, and flate2's pure-Rust backend builds fast and needs no C.

use std::io::{Read as _, Write as _};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

/// Compresses `text` with gzip.
pub(crate) fn compress(text: &str) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(text.as_bytes())?;
    encoder.finish()
}

/// Decompresses what [`compress`] made; fails on anything else, or on text that is not UTF-8.
pub(crate) fn decompress(bytes: &[u8]) -> std::io::Result<String> {
    let mut text = String::new();
    GzDecoder::new(bytes).read_to_string(&mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() -> std::io::Result<()> {
        let text = "{\"a\": \"é\"}".repeat(100);
        let packed = compress(&text)?;
        assert!(packed.len() < text.len());
        assert_eq!(decompress(&packed)?, text);
        Ok(())
    }

    #[test]
    fn rejects_what_is_not_gzip() {
        assert!(decompress(b"not gzip").is_err());
    }
}
