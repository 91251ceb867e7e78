//! The data files compiled into the binary, in the order the models present them.

use maturity_input::InputError;

use crate::Catalogs;
use crate::aws_smm::Capability;
use crate::validate;

/// A data file: the name used in error messages and its text.
pub(crate) struct DataFile {
    pub(crate) name: &'static str,
    pub(crate) text: &'static str,
}

macro_rules! data_files {
    ($dir:literal: $($file:literal),* $(,)?) => {
        &[$(DataFile {
            name: concat!("builtin:", $dir, "/", $file, ".toml"),
            text: include_str!(concat!("../data/", $dir, "/", $file, ".toml")),
        }),*]
    };
}

/// One file per AWS SMM capability, in grid order (checked against [`Capability::ALL`]).
const AWS_SMM_FILES: &[DataFile] = data_files!("aws-smm-v2":
    "security-governance",
    "security-assurance",
    "identity-and-access-management",
    "threat-detection",
    "vulnerability-management",
    "infrastructure-protection",
    "data-protection",
    "application-security",
    "incident-response",
    "resiliency",
);

/// One file per CSMM category, by domain in the model's order.
const CSMM_FILES: &[DataFile] = data_files!("csmm-v2":
    "governance",
    "org",
    "iam",
    "monitoring",
    "network",
    "workload",
    "appsec",
    "data",
    "risk",
    "resilience",
    "compliance",
    "ir",
);

/// The version of the built-in catalogs: the two models, and a fingerprint of every data file's
/// name and text (64-bit FNV-1a, stable across builds and platforms). Two builds score alike only
/// if their catalogs have the same version, so a saved assessment keeps the one it was scored with.
pub(crate) fn version() -> String {
    format!("aws-smm-v2+csmm-v2@{:016x}", fingerprint(AWS_SMM_FILES.iter().chain(CSMM_FILES)))
}

fn fingerprint<'a>(files: impl Iterator<Item = &'a DataFile>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for file in files {
        // A zero byte after each part, so that moving text between a name and a file changes it.
        for byte in file.name.bytes().chain([0]).chain(file.text.bytes()).chain([0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    hash
}

pub(crate) fn load() -> Result<Catalogs, Vec<InputError>> {
    debug_assert_eq!(AWS_SMM_FILES.len(), Capability::ALL.len());
    let aws_smm = validate::aws_smm(AWS_SMM_FILES)?;
    let csmm = validate::csmm(CSMM_FILES, &aws_smm)?;
    Ok(Catalogs { aws_smm, csmm })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_both_models_and_sixteen_hex_digits() {
        let version = version();
        let hex = version.strip_prefix("aws-smm-v2+csmm-v2@").unwrap_or_default();
        assert_eq!(hex.len(), 16, "{version}");
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{version}");
        assert_eq!(version, super::version());
    }

    #[test]
    fn any_edit_to_a_file_changes_the_fingerprint() {
        let file = |name, text| DataFile { name, text };
        let base = fingerprint([file("a", "phase = 1"), file("b", "x")].iter());
        assert_ne!(base, fingerprint([file("a", "phase = 2"), file("b", "x")].iter()));
        assert_ne!(base, fingerprint([file("a", "phase = 1x"), file("b", "")].iter()));
        assert_ne!(base, fingerprint([file("b", "x"), file("a", "phase = 1")].iter()));
        assert_eq!(base, fingerprint([file("a", "phase = 1"), file("b", "x")].iter()));
    }
}
