#!/usr/bin/env bash
# Writes benchmarks/README.md (stdout) from one `hemato benchmark performance` JSON: every figure on the page
# comes from that file. Usage: benchmarks/performance-summary.sh benchmarks/results/performance.json
set -euo pipefail
f=${1:-"$(dirname "$0")/results/performance.json"}
[[ -f $f ]] || { echo "error: $f not found; run benchmarks/run-performance-benchmarks.sh first" >&2; exit 1; }
j() {
  jq -r 'def r1: if . == null then "-" else (.*10|round/10) end;
         def r2: if . == null then "-" else (.*100|round/100) end;
         def pct: if . == null then "-" else "\(.*10|round/10) %" end; '"$1" "$f"
}

echo "# Performance: Hematology.ML on this machine"
echo
if [[ $(j .quick) == true ]]; then
  echo "> **SMOKE RUN (\`--quick\`, token amounts of work) UNDER LOAD: NOT THE FINAL FIGURES.** This page was written"
  echo "> from a run that checks the benchmark end to end on a machine shared with training jobs. The figures of"
  echo "> record come from \`benchmarks/run-performance-benchmarks.sh\` (no \`--quick\`) on a quiet machine."
  echo
fi
echo "Written by \`benchmarks/performance-summary.sh\` from \`$(basename "$f")\` ($(j .date)); command: \`$(j .command)\`."
echo "Reproduce: \`benchmarks/run-performance-benchmarks.sh\` (a few minutes on 2 cores; \`--quick\` for a smoke run)."
echo
echo "## Machine"
echo
j '"- \(.machine.cpu), \(.machine.cores) cores usable, \(.machine.cpu_mhz) MHz reported, \(.machine.vector_extensions | join("/")); \(.machine.memory_gib) GiB; \(.machine.os); \(.machine.runtime)",
   "- TorchSharp \(.software.torchsharp), ONNX Runtime \(.software.onnxruntime), glibc allocator tuning: \(.software.allocator); device \(.device), \(.threads) threads (libtorch and ONNX Runtime alike)",
   "- Theoretical float32 peak: \(.machine.cores) cores x \(.machine.cpu_mhz/1000 | r2) GHz x \(.machine.flop_per_cycle_per_core) FLOP/cycle = **\(.machine.theoretical_peak_gflops | r1) GFLOP/s**",
   "- Measured matmul peak (\(.matmul_peak.size)x\(.matmul_peak.size) float32, libtorch): " + ([.matmul_peak.by_threads[] | "\(.threads) thread(s) \(.gflops | r1) GFLOP/s"] | join(", ")) + "; **\(.matmul_peak.gflops | r1) GFLOP/s** at \(.threads) threads = \(if .machine.theoretical_peak_gflops == null then null else 100 * .matmul_peak.gflops / .machine.theoretical_peak_gflops end | pct) of the theoretical peak: the yardstick of every percentage below"'
echo
echo "## Smear screening, end to end"
echo
echo "A smear of $(j .smear_screening.cells) cells (the shipped sample smear, topped up from \`samples/pbc-sample\`) through the shipped pipeline:"
echo "eight-class model \`$(j .smear_screening.classifier)\`, DysplasiaNet on its neutrophils, stain control, decision."
echo
echo "| cells | neutrophils | decision | load models (s) | cold first screen (s) | warm screen, median (min-max) (s) | warm runs | target (s) | met |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
j '.smear_screening | "| \(.cells) | \(.neutrophils) | \(.decision) | \(.load_seconds | r2) | \(.cold_seconds | r2) | **\(.warm.median | r2)** (\(.warm.min | r2)-\(.warm.max | r2)) | \(.warm.seconds | length) | \(.target_seconds) | \(if .within_target then "yes" else "**no**" end) |"'
echo
# The physical floor: what the first-stage network alone costs for the whole smear at the measured matmul peak,
# for the screen's own first stage and for the 128-px ResNet-18 (the accurate classifier) in its place.
j '. as $r | $r.smear_screening.cells as $n
   | def floor($net; $size): ($r.networks[] | select(.case.network == $net and .case.input_size == $size) | .flops.gflop) as $g
       | "\($g) GFLOP a cell, \($g * $n | round) GFLOP for the smear, \($g * $n / $r.matmul_peak.gflops * 100 | round / 100) s at the measured matmul peak of \($r.matmul_peak.gflops) GFLOP/s";
     ([$r.models[] | select(.model == $r.smear_screening.classifier)] | first) as $m
   | "Floor, the arithmetic of the first-stage network alone: `\($m.network)` at \($m.input_size) px, " + floor($m.network; $m.input_size)
     + ". The 128-px `resnet18-mlnet` of the accurate classifier would need " + floor("resnet18-mlnet"; 128)
     + " before any decoding: that first stage cannot screen such a smear well under 2 s on these cores."'
echo
echo "## Cells per second per model"
echo
echo "Decode + preprocess: JPEG decode of the 360x363 originals and the model's input recipe (centre crop, Lanczos, JPEG round"
echo "trip, standardisation; for the feature models the ResNet-18 input at 224 px). Network: the network alone on prepared input,"
echo "every test-time view included. End to end: files to predictions as \`hemato classify\` runs them, no feature cache."
echo "An ensemble of several models has no single network: its members are measured on their own rows."
echo
echo "| model | network @ input | views | batch 1: decode + preprocess | batch 1: network | **batch 1: end to end** | batch $(j .plan.batch_size): decode + preprocess | batch $(j .plan.batch_size): network | **batch $(j .plan.batch_size): end to end** |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
j '.models[] | "| \(.model) | \(.network) @ \(.input_size) | \(.test_time_views) | \(.batch_of_one.decode_preprocess_cells_per_second | r1) | \(.batch_of_one.network_cells_per_second | r1) | **\(.batch_of_one.end_to_end_cells_per_second | r1)** | \(.batched.decode_preprocess_cells_per_second | r1) | \(.batched.network_cells_per_second | r1) | **\(.batched.end_to_end_cells_per_second | r1)** |"'
echo
echo "## The same network in two runtimes: ImageNet ResNet-18, ONNX Runtime vs TorchSharp"
echo
echo "The ONNX file of \`Microsoft.ML.DnnImageFeaturizer.ResNet18\` in ONNX Runtime, and its weights imported into TorchSharp"
echo "(\`resnet18-mlnet\`), on the same 224-pixel cells, $(j .resnet18_runtimes.threads) threads each, to the 512 pooled features in managed memory."
echo "Largest relative difference between their features: $(j .resnet18_runtimes.max_relative_difference)."
echo
echo "| batch | ONNX Runtime (images/s) | TorchSharp (images/s) | **ratio ONNX Runtime / TorchSharp** |"
echo "| --- | --- | --- | --- |"
j '.resnet18_runtimes.speeds[] | "| \(.batch) | \(.onnxruntime_images_per_second | r1) | \(.torchsharp_images_per_second | r1) | **\(.onnxruntime_to_torchsharp | r2)** |"'
echo
echo "## FLOPs and percent of peak per network (TorchSharp inference)"
echo
echo "Forward multiply-adds of every convolution and linear layer per image (FLOPs = 2 x MACs; batch-norm, activations and"
echo "pooling are left out), inference on random batches, GFLOP/s achieved, and that as a percentage of the matmul peak above."
echo
echo "| network @ input | parameters | GFLOP / image | batch | images/s | GFLOP/s | **% of matmul peak** | % of theoretical peak |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
j '.machine.theoretical_peak_gflops as $t | .networks[] | "| \(.case.network) @ \(.case.input_size) | \(.flops.parameters) | \(.flops.gflop) | \(.case.batch) | \(.inference_images_per_second | r1) | \(.inference_gflops | r1) | **\(.inference_percent_of_peak | pct)** | \(if $t == null then null else 100 * .inference_gflops / $t end | pct) |"'
echo
echo "## Training throughput and thread scaling"
echo
echo "Training steps (forward, cross-entropy, backward, SGD update) on random batches; a training image counted as three forward passes."
echo
echo "| network @ input | batch | $(j '[.networks[0].training[] | "images/s, \(.threads) thread(s)"] | join(" | ")') | scaling | training GFLOP/s | % of matmul peak |"
echo "| --- | --- | $(j '[.networks[0].training[] | "---"] | join(" | ")') | --- | --- | --- |"
j '.networks[] | "| \(.case.network) @ \(.case.input_size) | \(.case.batch) | " + ([.training[] | .images_per_second | r1 | tostring] | join(" | ")) + " | \(.training_scaling | r2)x | \(.training_gflops | r1) | \(.training_percent_of_peak | pct) |"'
echo
echo "Run time of this benchmark: $(j '[.stage_seconds | to_entries[] | "\(.key) \(.value | r1) s"] | join(", ")'); total $(j '.total_seconds | r1') s."
echo
cat <<'TEXT'
## How it is measured

- Each figure is the median of several timed runs after an untimed warm-up (JIT, lazy initialisation, the allocator's
  first touch); the matmul peak is the best run, since other load only ever slows it. The smear's cold run is the
  first screen after loading the models, before anything else in the process has run.
- Threads: libtorch (`torch.set_num_threads`) and the compared ONNX Runtime session (`IntraOpNumThreads`) get the same
  count (`--threads`, default every core). ML.NET's featuriser runs ONNX Runtime with its own defaults.
- The JSON (`benchmarks/results/performance.json`) holds every figure, the plan (amounts of work), the machine and the
  software; this page shows it. `hemato benchmark performance --help` lists the options.

## BenchmarkDotNet

`benchmarks/Hematology.ML.Benchmarks` has microbenchmarks of the same paths: decode + preprocess of one cell, the ResNet-18
in ONNX Runtime (baseline) vs TorchSharp on the same batch of 1 and 8, DysplasiaNet on 32 neutrophils, and the
200-cell smear screened end to end. In process, short runs (1 launch, 3 warm-up and 3 timed iterations), a few minutes:

```bash
dotnet run -c Release --project benchmarks/Hematology.ML.Benchmarks -- --filter '*'
dotnet run -c Release --project benchmarks/Hematology.ML.Benchmarks -- --filter '*ResNet18Runtime*'
```

Reports go to `benchmarks/results/BenchmarkDotNet/`.

## On a GPU (`--device cuda`)

`hemato benchmark performance --device cuda` (or `cuda:N`) runs the TorchSharp networks on that GPU: the smear screen,
the network models' stages, the TorchSharp side of the ResNet-18 comparison, the matmul peak (then the GPU's) and the
FLOP rates and training speeds. It needs libtorch's CUDA backend in place of the CPU one: reference the
`TorchSharp-cuda-linux` (or `libtorch-cuda-12.x-linux-x64`) package instead of `libtorch-cpu-linux-x64` in
`src/Hematology.Cli/Hematology.Cli.csproj` and rebuild. Without it the command stops with "CUDA is not available here".
ONNX Runtime (the ResNet-18 comparison's other side, the feature model) stays on the CPU: the CPU package of ONNX
Runtime is the one referenced. Training is then measured at the run's thread count only (host threads barely
matter to a GPU). Not run on this machine, which has no GPU.
TEXT
