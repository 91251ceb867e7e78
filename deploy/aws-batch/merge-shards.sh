#!/bin/sh
# The merge job (in the image as /usr/local/bin/merge-shards.sh): fetches every shard of the scan
# from DESTINATION/SCAN_JOB_ID/, merges them (refused unless they are exactly the N shards of
# that scan) and puts bundle.json beside them. It needs S3 access to that prefix only.
set -eu
: "${SCAN_JOB_ID:?set by submit.sh: the array job's id}"
: "${DESTINATION:?set by submit.sh: s3://bucket/prefix}"
dir=$(mktemp -d)
aws s3 cp --only-show-errors --recursive --exclude '*' --include 'shard-*.json' \
    "$DESTINATION/$SCAN_JOB_ID/" "$dir/"
maturity merge "$dir"/shard-*.json --out "$dir/bundle.json"
aws s3 cp --only-show-errors "$dir/bundle.json" "$DESTINATION/$SCAN_JOB_ID/bundle.json"
