#!/usr/bin/env bash
# Measures Hematology.ML's speed on this machine (issue 6) and writes benchmarks/README.md from the result:
#   benchmarks/run-performance-benchmarks.sh                 # the figures of record, a few minutes on 2 cores
#   benchmarks/run-performance-benchmarks.sh --quick         # smoke run: every part once on token amounts
#   benchmarks/run-performance-benchmarks.sh --device cuda   # TorchSharp networks on a GPU (see benchmarks/README.md)
# Other options go to `hemato benchmark performance` (--threads N, --smear-cells N). Run it on a quiet machine:
# every other process on the cores moves the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
HEMATO=${HEMATO:-"dotnet run --project src/Hematology.Cli -c Release --"}
out=benchmarks/results/performance.json
for arg in "$@"; do [[ $arg == --quick ]] && out=benchmarks/results/performance-quick.json; done
$HEMATO benchmark performance --output "$out" "$@"
benchmarks/performance-summary.sh "$out" > benchmarks/README.md
echo "Wrote benchmarks/README.md from $out"
