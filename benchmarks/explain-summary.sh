#!/usr/bin/env bash
# Writes the markdown summary of the t-SNE comparisons (stdout) from benchmarks/results/tsne-*.json.
set -euo pipefail
cd "$(dirname "$0")/results"
echo "# Interpretability: t-SNE of raw pixels vs learned features"
echo
echo "Written by \`benchmarks/explain-summary.sh\` from the JSON files beside it, which \`benchmarks/run-explain-benchmarks.sh\`"
echo "produces. k-NN accuracy: the share of cells whose k nearest neighbours (leave-one-out) vote for their own class."
echo
echo "| model | cells | view | values per cell | k-NN accuracy in 2-D | k-NN accuracy in the original space |"
echo "| --- | --- | --- | --- | --- | --- |"
for f in tsne-*.json; do
  jq -r '. as $r | ["raw_pixels_32px", "learned_features"][] as $v | "| \($r.model)\(if ($r.data | test("sim")) then " (SIMULATED dysplasia)" else "" end) | \($r.cells) (\($r.subset // "all")) | \(if $v == "raw_pixels_32px" then "raw pixels (32x32)" else "learned features" end) | \($r[$v].values_per_cell) | \($r[$v].knn_accuracy_2d * 1000 | round / 10) % | \($r[$v].knn_accuracy_original_space * 1000 | round / 10) % |"' "$f"
done
echo
for f in tsne-*.json; do echo "- \`$(jq -r .command "$f")\` ($(jq -r .date "$f"), k = $(jq -r .k "$f"), perplexity $(jq -r .tsne.perplexity "$f"), seed $(jq -r .tsne.seed "$f"))"; done
