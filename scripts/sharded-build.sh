#!/usr/bin/env bash
# A build split into shards, as a cluster's job array runs it, here on this machine: the JSON-lines
# input is cut into SHARDS pieces by lines (in order), each piece is built by its own `kg build` (JOBS of
# them at a time, one worker each), and the parts are merged into one graph file, the one a single
# `kg build` of the whole input writes. README, "Past one machine".
#
# Usage: scripts/sharded-build.sh INPUT.jsonl [SHARDS (4)] [OUTPUT (kg-graph.jsonl)]   (JOBS=2 by default)
set -euo pipefail
input=${1:?usage: scripts/sharded-build.sh INPUT.jsonl [SHARDS] [OUTPUT]}
shards=${2:-4}
output=${3:-kg-graph.jsonl}
kg=${KG:-kg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

split -n "l/$shards" -d -a 3 --additional-suffix=.jsonl "$input" "$work/shard-"
# one task per shard: on a cluster, task $i of a job array runs this line for shard $i
printf '%s\n' "$work"/shard-*.jsonl | xargs -P "${JOBS:-2}" -I{} "$kg" build {} -o {}.graph.json -j 1 -q
"$kg" merge "$work"/shard-*.jsonl.graph.json -o "$output"
