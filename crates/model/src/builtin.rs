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

pub(crate) fn load() -> Result<Catalogs, Vec<InputError>> {
    debug_assert_eq!(AWS_SMM_FILES.len(), Capability::ALL.len());
    let aws_smm = validate::aws_smm(AWS_SMM_FILES)?;
    let csmm = validate::csmm(CSMM_FILES, &aws_smm)?;
    Ok(Catalogs { aws_smm, csmm })
}
