#!/usr/bin/env bash
# Fuzzing (issue 19, "hostile input"): builds every cargo-fuzz target in
# fuzz/ on the stable toolchain and runs each for FUZZ_SECONDS (default 60)
# from a copy of its committed seeds (fuzz/seeds/<target>). Fails when any
# target crashes, hangs past 10 s on one input or goes over 2 GiB; the
# input that did it is left in fuzz/artifacts/<target>/.
# Stable Rust has no -Zsanitizer, so the targets are built with
# `--sanitizer none`: coverage guidance, debug assertions and overflow
# checks, without AddressSanitizer (see docs/FUZZING.md). Each target runs
# as one process on one core (no -jobs: libFuzzer would move its output to
# fuzz-N.log files).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cargo fuzz build --sanitizer none

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
targets=($(cargo fuzz list))
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  if [ -d "seeds/$target" ]; then cp -R "seeds/$target/." "$corpus/"; fi
  log="$work/$target.log"
  if cargo fuzz run --sanitizer none "$target" "$corpus" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 >"$log" 2>&1; then
    result="ok"
  else
    result="FAILED"
    failed+=("$target")
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  echo "fuzz: $target: ${execs:-?} executions in ${seconds} s, $(ls "$corpus" | wc -l) corpus inputs: $result"
  if [ "$result" = FAILED ]; then
    grep -E "ERROR: libFuzzer|panicked at|deadly signal|Test unit written to|SUMMARY" "$log" | head -20 || true
    tail -40 "$log"
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in fuzz/artifacts/; reproduce with: cd fuzz && cargo fuzz run --sanitizer none TARGET artifacts/TARGET/FILE)" >&2
fi
# The closing line, in the plain form CI reads.
echo "fuzz: $(( ${#targets[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
