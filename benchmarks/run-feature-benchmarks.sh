#!/usr/bin/env bash
# Reproduces every figure in benchmarks/results/ for the feature-based recognisers (issue 2).
# Needs the PBC working set (../shared/datasets). Features are cached, so only the first run pays
# for the ResNet-18 (about 10 minutes on 2 cores); the kernel SVMs' cross-validation dominates after that.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/datasets/pbc-128}
SPLIT=${SPLIT:-../shared/datasets/pbc-split.csv}
HEMATO=${HEMATO:-"dotnet run --project src/Hematology.Cli -c Release --"}

# The thesis's setting: ImageNet CNN features alone into SVM-type classifiers.
$HEMATO benchmark features --data "$DATA" --split "$SPLIT" --blocks resnet18 \
  --classifiers linear-svm,maxent,lightgbm,rbf-rff,svm-quadratic,svm-cubic,svm-rbf

# Ours: deep features plus the cell's colour histogram and quantitative morphology.
$HEMATO benchmark features --data "$DATA" --split "$SPLIT" --blocks resnet18+colour-histogram+morphology \
  --classifiers linear-svm,maxent,lightgbm,rbf-rff,svm-quadratic,svm-cubic,svm-rbf
