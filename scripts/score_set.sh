#!/usr/bin/env bash
# Score one annotated set: run gongwen over the documents that have gold, then the reference scorer.
#   scripts/score_set.sh corpus/real/dev corpus/gold/real-dev [--json]
# The output folder is $GONGWEN_SCORE_OUT, else /tmp/gongwen-score-<set name>;
# `gongwen check OUT --gold GOLD` shows the diff.
set -euo pipefail
docs=$1 gold=$2; shift 2
name=$(basename "$docs")
out=${GONGWEN_SCORE_OUT:-/tmp/gongwen-score-$name} inputs=$out-inputs
rm -rf "$out" "$inputs" && mkdir -p "$inputs"
for g in "$gold"/*.json; do
    for f in "$docs/$(basename "$g" .json)".*; do [[ -e $f ]] && ln -s "$(realpath "$f")" "$inputs/"; done
done
gongwen run "$inputs"/* -o "$out" -q --force >"$out.log" 2>&1 || true
score=$(dirname "$0")/../tests/reference/score_reference.py
python "$score" --gold "$gold" --out "$out" "$@"
