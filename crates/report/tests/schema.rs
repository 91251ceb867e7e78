//! The published JSON Schema describes what `maturity assess --out` writes: the demo assessment
//! validates against it, and a broken one does not.

mod support;

use serde_json::Value;
use support::demo;

fn schema() -> Value {
    let text = maturity_report::json::schema().unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the schema is not JSON: {e}"))
}

fn demo_json() -> Value {
    serde_json::to_value(demo()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn schema_names_every_top_level_field_as_required() {
    let schema = schema();
    let properties = schema["properties"].as_object().cloned().unwrap_or_default();
    let demo = demo_json();
    let fields = demo.as_object().cloned().unwrap_or_default();
    for field in fields.keys() {
        assert!(properties.contains_key(field), "the schema lacks `{field}`");
    }
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    assert!(required.contains(&"schema_version") && required.contains(&"aws_smm"), "{required:?}");
}

#[test]
fn the_demo_assessment_validates() {
    let validator = jsonschema::validator_for(&schema()).unwrap_or_else(|e| panic!("invalid schema: {e}"));
    let demo = demo_json();
    let errors: Vec<String> = validator.iter_errors(&demo).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_wrong_status_does_not_validate() {
    let validator = jsonschema::validator_for(&schema()).unwrap_or_else(|e| panic!("invalid schema: {e}"));
    let mut demo = demo_json();
    demo["aws_smm"]["controls"][0]["status"] = Value::from("mostly");
    assert!(!validator.is_valid(&demo));
    let mut demo = demo_json();
    if let Some(object) = demo.as_object_mut() {
        object.remove("roadmap");
    }
    assert!(!validator.is_valid(&demo));
}
