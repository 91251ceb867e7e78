//! Stable UUIDs, so that rendering the same catalog or assessment twice gives the same bytes.
//!
//! Every UUID is a version 5 UUID (RFC 9562: SHA-1 of a namespace and a name): the namespace is
//! derived from our OSCAL namespace URL ([`super::NAMESPACE`]) in the URL namespace, and the name
//! says what is identified (`catalog/aws-smm-v2`, `<assessment>/observation/<check>/<location>`).
//! OSCAL accepts version 4 and version 5 UUIDs; version 5 is the one that can be made again.

use std::sync::LazyLock;

use sha1::{Digest as _, Sha1};
use uuid::{Builder, Uuid};

/// The namespace of every UUID we make.
static NAMESPACE: LazyLock<Uuid> = LazyLock::new(|| v5(&Uuid::NAMESPACE_URL, super::NAMESPACE));

/// The UUID of `name` in our namespace, lowercase and hyphenated.
pub(crate) fn stable(name: &str) -> String {
    v5(&NAMESPACE, name).to_string()
}

fn v5(namespace: &Uuid, name: &str) -> Uuid {
    let mut hasher = Sha1::new();
    hasher.update(namespace.as_bytes());
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Builder::from_sha1_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc_algorithm() {
        // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), an independent implementation.
        assert_eq!(v5(&Uuid::NAMESPACE_DNS, "python.org").to_string(), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    }

    #[test]
    fn the_same_name_gives_the_same_uuid_and_another_name_another() {
        assert_eq!(stable("catalog/aws-smm-v2"), stable("catalog/aws-smm-v2"));
        assert_ne!(stable("catalog/aws-smm-v2"), stable("catalog/csmm-v2"));
        assert_eq!(stable("x").as_bytes()[14], b'5', "version 5: {}", stable("x"));
    }
}
