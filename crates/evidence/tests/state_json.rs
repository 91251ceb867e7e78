//! AWS states in the bundle JSON: read in any case, written in AWS's spelling, and a value this
//! build does not know kept exactly as it came, so that old and future bundles load and survive
//! a round trip.

use maturity_evidence::{
    AccountStatus, HttpTokens, KeyState, MacieJobStatus, OrgAccount, ReplicationState, SsoInstance, StackStatus,
};
use serde_json::json;

#[test]
fn parsing_ignores_case() {
    assert_eq!(AccountStatus::from("ACTIVE"), AccountStatus::Active);
    assert_eq!(AccountStatus::from("active"), AccountStatus::Active);
    assert_eq!(AccountStatus::from("Pending_Closure"), AccountStatus::PendingClosure);
    assert_eq!(KeyState::from("PENDINGDELETION"), KeyState::PendingDeletion);
    assert_eq!(HttpTokens::from(String::from("Required")), HttpTokens::Required);
}

#[test]
fn known_values_are_written_in_aws_spelling() {
    let written =
        |value: &str| serde_json::to_value(serde_json::from_value::<KeyState>(json!(value)).unwrap()).unwrap();
    assert_eq!(written("enabled"), json!("Enabled"));
    assert_eq!(written("PENDINGDELETION"), json!("PendingDeletion"));
    assert_eq!(serde_json::to_value(HttpTokens::Required).unwrap(), json!("required"));
    assert_eq!(StackStatus::UpdateRollbackComplete.to_string(), "UPDATE_ROLLBACK_COMPLETE");
}

#[test]
fn an_unknown_value_is_kept_and_written_back_unchanged() {
    let status = AccountStatus::from("Closing-Soon");
    assert!(matches!(status, AccountStatus::Other(_)));
    assert_ne!(status, AccountStatus::Active);
    assert_eq!(status.as_str(), "Closing-Soon");
    assert_eq!(serde_json::to_value(&status).unwrap(), json!("Closing-Soon"));

    let owned = MacieJobStatus::from(String::from("archived"));
    assert_eq!(owned.to_string(), "archived");
}

#[test]
fn an_unknown_value_never_equals_a_known_one_spelled_differently() {
    // `Other` is only made by parsing, so a known value in another case is never `Other`.
    assert_eq!(ReplicationState::from("continuous"), ReplicationState::Continuous);
    assert_ne!(ReplicationState::from("continuously"), ReplicationState::Continuous);
}

#[test]
fn bundle_structs_round_trip() {
    let stored = json!({"id": "111111111111", "name": "prod", "status": "active", "parent_id": "r-1"});
    let account: OrgAccount = serde_json::from_value(stored).unwrap();
    assert_eq!(account.status, AccountStatus::Active);
    assert_eq!(serde_json::to_value(&account).unwrap()["status"], json!("ACTIVE"));

    let future = json!({"id": "111111111111", "name": "prod", "status": "MIGRATING", "parent_id": "r-1"});
    let account: OrgAccount = serde_json::from_value(future.clone()).unwrap();
    assert_eq!(serde_json::to_value(&account).unwrap(), future);
}

#[test]
fn optional_states_stay_optional() {
    let absent: SsoInstance =
        serde_json::from_value(json!({"instance_arn": "arn:aws:sso:::instance/ssoins-1"})).unwrap();
    assert_eq!(absent.status, None);
    assert_eq!(serde_json::to_value(&absent).unwrap().get("status"), None);

    let present: SsoInstance =
        serde_json::from_value(json!({"instance_arn": "arn:aws:sso:::instance/ssoins-1", "status": "Active"})).unwrap();
    assert_eq!(present.status, Some(maturity_evidence::SsoInstanceStatus::Active));
}

#[test]
fn a_non_string_state_is_an_error() {
    assert!(serde_json::from_value::<AccountStatus>(json!(1)).is_err());
}

#[test]
fn the_json_schema_is_a_string_with_the_known_values_as_examples() {
    let schema = serde_json::to_value(schemars::schema_for!(AccountStatus)).unwrap();
    assert_eq!(schema["type"], json!("string"));
    assert_eq!(schema["examples"], json!(["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"]));
}
