#!/bin/sh
# One child of the AWS Batch array job (in the image as /usr/local/bin/scan-shard.sh): scans
# shard AWS_BATCH_JOB_ARRAY_INDEX + 1 of SHARDS and copies it to DESTINATION/SCAN_ID/.
#
# AWS_BATCH_JOB_ARRAY_INDEX counts from 0 and --shard from 1, hence the + 1. A child's job id is
# PARENT:INDEX; the parent's (the array job's) id is the scan id, the same in every child and
# every retry, so the merge refuses shards of another run.
set -eu
: "${AWS_BATCH_JOB_ARRAY_INDEX:?runs as a child of an AWS Batch array job}"
: "${AWS_BATCH_JOB_ID:?runs as an AWS Batch job}"
: "${SHARDS:?set by submit.sh: the array size}"
: "${DESTINATION:?set by submit.sh: s3://bucket/prefix}"
scan_id=${AWS_BATCH_JOB_ID%%:*}
k=$((AWS_BATCH_JOB_ARRAY_INDEX + 1))
out=$(mktemp -d)/shard-$k.json
maturity scan --org --role "${ROLE:-OrganizationAccountAccessRole}" --regions "${REGIONS:-all}" \
    --shard "$k/$SHARDS" --scan-id "$scan_id" --out "$out"
aws s3 cp --only-show-errors "$out" "$DESTINATION/$scan_id/shard-$k.json"
