//! Block public access for EBS snapshots and AMIs: whether the region refuses to share them
//! publicly.

use maturity_evidence::Fact;

use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE: "ec2:GetSnapshotBlockPublicAccessState";
    GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE: "ec2:GetImageBlockPublicAccessState";
}

/// `ec2:GetSnapshotBlockPublicAccessState`.
pub(crate) async fn snapshot_block_public_access(clients: &Clients, region: &str) -> Fact<String> {
    let result = clients
        .ec2(region)
        .get_snapshot_block_public_access_state()
        .send()
        .await
        .or_problem(GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE)
        .and_then(|out| {
            out.state()
                .map(|s| s.as_str().to_owned())
                .ok_or_else(|| Problem::Failed("ec2:GetSnapshotBlockPublicAccessState returned no state".to_owned()))
        });
    fact(result)
}

/// `ec2:GetImageBlockPublicAccessState`.
pub(crate) async fn image_block_public_access(clients: &Clients, region: &str) -> Fact<String> {
    let result = clients
        .ec2(region)
        .get_image_block_public_access_state()
        .send()
        .await
        .or_problem(GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE)
        .and_then(|out| {
            out.image_block_public_access_state()
                .map(str::to_owned)
                .ok_or_else(|| Problem::Failed("ec2:GetImageBlockPublicAccessState returned no state".to_owned()))
        });
    fact(result)
}
