#!/bin/sh
# Submits a sharded scan to AWS Batch: the array job of N shards, then the merge job, which
# depends on the array job and so runs once every child succeeded (and fails, without running,
# when one failed for good). The array job's id is the scan id of every shard and names the S3
# prefix; the merged bundle is DESTINATION/SCAN_JOB_ID/bundle.json.
#
# Usage: deploy/aws-batch/submit.sh N s3://bucket/prefix     (N from 2 to 10000, the array sizes
# Batch accepts). Run from the repository root, with credentials that may submit Batch jobs.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 N s3://bucket/prefix" >&2
    exit 2
fi
n=$1
destination=${2%/}
here=$(dirname "$0")

scan=$(aws batch submit-job --cli-input-json "file://$here/submit-scan.json" \
    --array-properties "size=$n" \
    --container-overrides "environment=[{name=SHARDS,value=$n},{name=DESTINATION,value=$destination}]" \
    --query jobId --output text)
echo "scan: array job $scan, $n shards" >&2

merge=$(aws batch submit-job --cli-input-json "file://$here/submit-merge.json" \
    --depends-on "jobId=$scan" \
    --container-overrides "environment=[{name=SCAN_JOB_ID,value=$scan},{name=DESTINATION,value=$destination}]" \
    --query jobId --output text)
echo "merge: job $merge, writes $destination/$scan/bundle.json" >&2
