#!/usr/bin/env bash
# Writes the markdown summary of the DysplasiaNet / MDS-screening results (stdout) from benchmarks/results/dysplasia-*.json.
set -euo pipefail
cd "$(dirname "$0")/results"
pct() { jq -r "$1 | if . == null then \"-\" else \"\\(.value*1000|round/10) % (\\(.ci95[0]*1000|round/10)-\\(.ci95[1]*1000|round/10)), \\(.n)\" end" "$2"; }
auc() { jq -r "$1 | if . == null then \"-\" else \"\\(.value) (\\(.ci95[0])-\\(.ci95[1]))\" end" "$2"; }
echo "# DysplasiaNet and MDS screening: results (SIMULATED)"
echo
echo "**Every figure on this page is measured on SIMULATED dysplasia** (hypogranulation simulated on real normal PBC"
echo "neutrophils, docs/simulation.md); none is clinical. Written by \`benchmarks/dysplasia-summary.sh\` from the JSON files"
echo "beside it, which \`benchmarks/run-dysplasia-benchmarks.sh\` produces (each holds its exact command)."
echo
if [[ -f dysplasia-calibration.json ]]; then
  echo "## Calibration (validation neutrophils, tuning smears of the val split)"
  echo
  jq -r '"- by-cell AUC on \(.by_cell.cells) val neutrophils: \(.by_cell.auc); Youden cut-off **\(.by_cell.cutoff)** (sensitivity \(.by_cell.sensitivity_at_cutoff), specificity \(.by_cell.specificity_at_cutoff))",
         "- smear threshold on the dysplastic fraction: **\(.tuning_smears.thresholds.smear_threshold)**; stain-index minimum: **\(.tuning_smears.thresholds.stain_index_minimum)**; minimum neutrophils \(.tuning_smears.thresholds.minimum_neutrophils)",
         "- command: `\(.command)`"' dysplasia-calibration.json
  echo
fi
if [[ -f dysplasia-poc.json ]]; then
  f=dysplasia-poc.json
  echo "## Proof of concept (test split, evaluated once)"
  echo
  echo "By cell, $(jq -r .by_cell.cells $f) test neutrophils: AUC $(auc .by_cell.auc $f); at the cut-off sensitivity $(pct .by_cell.sensitivity $f), specificity $(pct .by_cell.specificity $f)."
  echo
  echo "Smears: $(jq -r '"\(.smears.mds_smears) MDS, \(.smears.non_mds_smears) non-MDS, \(.smears.understained_smears) understained non-MDS"' $f)."
  echo
  echo "| figure | value (95 % CI), n |"
  echo "| --- | --- |"
  for k in sensitivity specificity precision accuracy; do echo "| $k | $(pct .smears.$k $f) |"; done
  echo "| AUC (dysplastic fraction; bootstrap CI) | $(auc .smears.auc $f) |"
  echo "| non-MDS smears called no-mds | $(pct .smears.no_mds_rate_of_non_mds $f) |"
  echo "| understained smears flagged stain-quality-insufficient | $(pct .smears.understained_flagged_stain_quality $f) |"
  echo "| understained smears called MDS | $(jq -r .smears.understained_called_mds $f) |"
  echo
  echo "Command: \`$(jq -r .command $f)\`"
  echo
fi
if [[ -f dysplasia-real-normal.json ]]; then
  f=dysplasia-real-normal.json
  echo "## Smears of real normal cells only (test split, no simulation applied to any cell)"
  echo
  echo "$(jq -r .smears.non_mds_smears $f) smears: called no-mds $(pct .smears.no_mds_rate_of_non_mds $f); decisions $(jq -c .smears.decisions_non_mds $f)."
  echo
  echo "Command: \`$(jq -r .command $f)\`"
  echo
fi
if ls dysplasia-family-m*.json >/dev/null 2>&1; then
  echo "## M1-M8 with the same reduced recipe (val neutrophils)"
  echo
  echo "| network | input | epochs | parameters at this input | val AUC | val accuracy at 0.5 | best epoch | train images/s |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for f in dysplasia-family-m*.json; do
    jq -r '"| \(.network) | \(.input_size) | \(.epochs) | \(.results.parameters) | \(.results.val_auc) | \(.results.val_accuracy_at_0_5) | \(.results.best_epoch) | \(.results.train_images_per_second) |"' $f
  done
  echo
  echo "Command (per network): \`$(jq -r .command dysplasia-family-m1.json)\`"
  echo
fi
if ls dysplasia-family-long-m*.json >/dev/null 2>&1; then
  echo "## The best five of the family trained longer (the thesis's second round; val neutrophils)"
  echo
  echo "| network | input | epochs | val AUC (reduced recipe) | val AUC | val accuracy at 0.5 | best epoch | train images/s |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for f in dysplasia-family-long-m*.json; do
    short=$(jq -r '.network | sub("dysplasianet-"; "")' $f)
    reduced=$(jq -r .results.val_auc dysplasia-family-$short.json 2>/dev/null || echo -)
    jq -r --arg reduced "$reduced" '"| \(.network) | \(.input_size) | \(.epochs) | \($reduced) | \(.results.val_auc) | \(.results.val_accuracy_at_0_5) | \(.results.best_epoch) | \(.results.train_images_per_second) |"' $f
  done
  echo
  echo "Training images/s of this round were measured while other jobs shared the 2 cores: read them as a record, not as speeds."
  echo
  echo "Chosen by val AUC of the first round: \`STAGES=family-long benchmarks/run-dysplasia-benchmarks.sh\`; command per network: \`$(jq -r .command "$(ls dysplasia-family-long-m*.json | head -n 1)")\`"
  echo
fi
if ls dysplasia-resolution-m1-*px.json >/dev/null 2>&1; then
  echo "## Input resolution of M1 (the family's recipe; 192 px is the family's M1 row)"
  echo
  echo "| input | parameters | val AUC | val accuracy at 0.5 | train images/s |"
  echo "| --- | --- | --- | --- | --- |"
  for f in dysplasia-resolution-m1-*px.json; do
    jq -r '"| \(.input_size) | \(.results.parameters) | \(.results.val_auc) | \(.results.val_accuracy_at_0_5) | \(.results.train_images_per_second) |"' $f
  done
  echo
fi
for k in 5 10; do
  f=dysplasia-cv$k.json
  [[ -f $f ]] || continue
  echo "## $k-fold cross-validation of M1 (train-split neutrophils)"
  echo
  jq -r '"AUC \(.results.auc_mean) ± \(.results.auc_sd), accuracy at 0.5 \(.results.accuracy_mean) ± \(.results.accuracy_sd) (mean ± sd over folds; \(.epochs) epochs per fold).", "", "Command: `\(.command)`"' $f
  echo
done
