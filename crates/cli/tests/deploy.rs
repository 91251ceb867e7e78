//! The array-job definitions in `deploy/` (deploy/README.md): the JSON parses, the shard count is
//! the same everywhere it is written, the 0-based array indexes become 1-based `--shard` numbers,
//! every shard passes the run's scan id, and the flags they use are the binary's. No YAML parser
//! is a dependency, so the Kubernetes manifest is checked line by line for what matters here.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn deploy(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../deploy").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&deploy(path)).unwrap_or_else(|e| panic!("deploy/{path}: {e}"))
}

fn env_value(container_environment: &Value, name: &str) -> Option<String> {
    container_environment
        .as_array()?
        .iter()
        .find(|v| v["name"] == name)
        .and_then(|v| v["value"].as_str())
        .map(str::to_owned)
}

/// The numbers after `key:` on the manifest's lines, e.g. every `completions: 4`.
fn yaml_numbers(yaml: &str, key: &str) -> Vec<String> {
    yaml.lines()
        .filter_map(|l| l.trim().strip_prefix(key))
        .map(|rest| rest.trim().trim_matches('"').to_owned())
        .collect()
}

#[test]
fn the_kubernetes_indexed_job_runs_n_shards_from_one_and_merges_them() {
    let yaml = deploy("kubernetes/scan-job.yaml");
    assert!(!yaml.contains('\t'), "YAML indentation is spaces only");
    assert!(yaml.contains("completionMode: Indexed"));
    let completions = yaml_numbers(&yaml, "completions:");
    let parallelism = yaml_numbers(&yaml, "parallelism:");
    let lines: Vec<&str> = yaml.lines().collect();
    let shards: Vec<String> = lines
        .windows(2)
        .filter(|pair| pair[0].trim() == "- name: SHARDS")
        .filter_map(|pair| pair[1].trim().strip_prefix("value:"))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .collect();
    assert_eq!(completions.len(), 1, "{completions:?}");
    assert_eq!(parallelism, completions, "parallelism = completions = N");
    assert_eq!(shards, [completions[0].clone(), completions[0].clone()], "SHARDS of the scan and the merge = N");
    assert!(yaml.contains("k=$((JOB_COMPLETION_INDEX + 1))"), "JOB_COMPLETION_INDEX counts from 0, --shard from 1");
    assert!(yaml.contains(r#"--shard "$k/$SHARDS" --scan-id "$SCAN_ID""#));
    assert!(yaml.contains("metadata.labels['batch.kubernetes.io/controller-uid']"), "the scan id is the Job's uid");
    assert!(yaml.contains(r#"maturity merge "/shards/$RUN"/shard-*.json --out "/shards/$RUN/bundle.json""#));
    assert_eq!(yaml.matches("kind: Job").count(), 2, "the scan and the merge");
}

#[test]
fn the_aws_batch_array_job_runs_n_shards_from_one_and_the_merge_depends_on_it() {
    let scan = json("aws-batch/job-definition-scan.json");
    let merge = json("aws-batch/job-definition-merge.json");
    let submit_scan = json("aws-batch/submit-scan.json");
    let submit_merge = json("aws-batch/submit-merge.json");
    let size = submit_scan["arrayProperties"]["size"].as_u64().unwrap_or_default();
    assert!((2..=10_000).contains(&size), "Batch array sizes are 2 to 10,000: {size}");
    let environment = &submit_scan["containerOverrides"]["environment"];
    assert_eq!(env_value(environment, "SHARDS"), Some(size.to_string()), "SHARDS = the array size");
    assert_eq!(submit_scan["jobDefinition"], scan["jobDefinitionName"]);
    assert_eq!(submit_merge["jobDefinition"], merge["jobDefinitionName"]);
    assert_eq!(submit_merge["dependsOn"][0]["jobId"], "SCAN_JOB_ID", "submit.sh puts the array job's id there");
    assert_ne!(
        scan["containerProperties"]["jobRoleArn"], merge["containerProperties"]["jobRoleArn"],
        "the merge needs no scanning role"
    );

    let dockerfile = deploy("Dockerfile");
    for definition in [&scan, &merge] {
        let command = definition["containerProperties"]["command"][0].as_str().unwrap_or_default();
        let script = command.strip_prefix("/usr/local/bin/").unwrap_or_default();
        assert!(!deploy(&format!("aws-batch/{script}")).is_empty(), "{command} is in deploy/aws-batch");
        assert!(dockerfile.contains(&format!("deploy/aws-batch/{script}")), "the image holds {script}");
    }
    let wrapper = deploy("aws-batch/scan-shard.sh");
    assert!(wrapper.contains("k=$((AWS_BATCH_JOB_ARRAY_INDEX + 1))"), "AWS_BATCH_JOB_ARRAY_INDEX counts from 0");
    assert!(wrapper.contains("scan_id=${AWS_BATCH_JOB_ID%%:*}"), "the scan id is the array job's id");
    assert!(wrapper.contains(r#"--shard "$k/$SHARDS" --scan-id "$scan_id""#));
    let submit = deploy("aws-batch/submit.sh");
    assert!(submit.contains(r#"--array-properties "size=$n""#) && submit.contains("name=SHARDS,value=$n"));
    assert!(submit.contains(r#"--depends-on "jobId=$scan""#));
}

#[test]
fn the_flags_the_definitions_use_are_the_binarys() {
    let help = |command: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_maturity"))
            .args([command, "--help"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run maturity: {e}"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let scan = help("scan");
    for flag in ["--org", "--role", "--regions", "--shard <K/N>", "--scan-id <ID>", "--out"] {
        assert!(scan.contains(flag), "scan has no {flag}: {scan}");
    }
    assert!(help("merge").contains("--out"), "{}", help("merge"));
}
