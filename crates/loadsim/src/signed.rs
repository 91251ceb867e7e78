//! Who is calling, where and which service: read from the SigV4 `Authorization` header, as AWS
//! does (`Credential=AKID/20261203/eu-west-1/ec2/aws4_request`). The signature itself is not
//! checked: the simulator trusts its one client.

/// The credential scope of a signed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The access key id.
    pub access_key_id: String,
    /// The region the request was signed for.
    pub region: String,
    /// The signing name of the service (`ec2`, `s3`, `iam` …).
    pub service: String,
}

/// The credential scope of an `Authorization` header, or `None` when it is not SigV4.
pub fn parse(authorization: &str) -> Option<Signer> {
    let rest = authorization.strip_prefix("AWS4-HMAC-SHA256")?;
    let credential = rest.split(',').map(str::trim).find_map(|part| part.strip_prefix("Credential="))?;
    let mut parts = credential.split('/');
    let access_key_id = parts.next()?.to_owned();
    let _date = parts.next()?;
    let region = parts.next()?.to_owned();
    let service = parts.next()?.to_owned();
    (parts.next()? == "aws4_request").then_some(Signer { access_key_id, region, service })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credential_scope_names_key_region_and_service() {
        let header = "AWS4-HMAC-SHA256 Credential=ASIA200000000001SIMX/20261203/eu-west-1/ec2/aws4_request, \
                      SignedHeaders=host;x-amz-date, Signature=abc";
        assert_eq!(
            parse(header),
            Some(Signer {
                access_key_id: "ASIA200000000001SIMX".to_owned(),
                region: "eu-west-1".to_owned(),
                service: "ec2".to_owned(),
            })
        );
    }

    #[test]
    fn anything_else_is_not_signed() {
        assert_eq!(parse("Basic dXNlcjpwYXNz"), None);
        assert_eq!(parse("AWS4-HMAC-SHA256 SignedHeaders=host"), None);
        assert_eq!(parse("AWS4-HMAC-SHA256 Credential=AK/2026/eu-west-1/ec2/other"), None);
    }
}
