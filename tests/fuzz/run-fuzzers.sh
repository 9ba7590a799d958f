#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, seeded from the shared corpus and the test
# fixtures. Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR SECONDS
# Exits non-zero when a target finds a crash; the reproducer is left in BUILD_DIR/fuzz-work.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:?build dir}"
seconds="${2:-60}"
corpus="$root/../shared/corpus"
data="$root/tests/data"

seeds_for() {
  case "$1" in
    otlp_json) echo "$corpus/otlp $data/otlp" ;;
    changes_jsonl) echo "$data/changes" ;;
    grafana_annotations) echo "$data/changes" ;;
    jaeger_json) echo "$corpus/jaeger $data/jaeger" ;;
    zipkin_json) echo "$corpus/zipkin $data/zipkin" ;;
    prometheus_text | openmetrics_text | prometheus_query_json) echo "$corpus/prometheus $data/prometheus" ;;
    json_lines_logs) echo "$data/jsonlogs" ;;
    chrome_trace) echo "$corpus/chrome $data/chrome" ;;
    casebook_slos) echo "$data/slo" ;;
    runbook) echo "$root/resources/runbooks" ;;
    openlineage_json) echo "$corpus/openlineage $data/openlineage" ;;
    dbt_manifest | dbt_run_results) echo "$corpus/dbt $data/dbt" ;;
    lineage_csv) echo "$data/lineage-csv" ;;
    csv_metrics_plugin) echo "$data/csv-metrics" ;;
    *) echo "" ;;
  esac
}

status=0
for target in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name="$(basename "$target")"; name="${name#fuzz_}"
  work="$build/fuzz-work/$name"
  mkdir -p "$work/corpus" "$work/crashes"
  existing=()
  for d in $(seeds_for "$name"); do [ -d "$d" ] && existing+=("$d"); done
  echo "fuzzing $name for ${seconds}s (seeds: ${existing[*]:-none})"
  if ! "$target" "$work/corpus" "${existing[@]}" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/crashes/" -print_final_stats=1 \
        >"$work/log.txt" 2>&1; then
    echo "fuzz target $name FAILED; see $work/log.txt and $work/crashes/"
    tail -n 30 "$work/log.txt"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$work/log.txt" | tail -n 2 || true
  fi
done
exit $status
