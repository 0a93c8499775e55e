#!/usr/bin/env bash
# Reproduces the interpretability figures (issue 7): t-SNE of raw pixels vs learned features with their 2-D k-NN
# accuracies (benchmarks/results/tsne-*.json), and the gallery in docs/explain.md (docs/images/explain/).
# Stages (STAGES="tsne tsne-dysplasia gallery summary" by default). The eight-class t-SNE reads the 3,078 cells of
# the PBC test split (about 5 minutes on 2 cores); the DysplasiaNet one the SIMULATED test neutrophils that
# benchmarks/run-dysplasia-benchmarks.sh (stage sim) writes to runs/sim.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${DATASETS:-../shared/datasets}
SIM=${SIM:-runs/sim}
HEMATO=${HEMATO:-"dotnet run --project src/Hematology.Cli -c Release --"}
R=benchmarks/results
G=docs/images/explain
STAGES=${STAGES:-"tsne tsne-dysplasia gallery summary"}
has() { [[ " $STAGES " == *" $1 "* ]]; }
mkdir -p "$R" "$G" runs/explain

if has tsne; then   # the shipped fine-tuned ResNet-18 on the whole PBC test split
  $HEMATO explain tsne $D/pbc-128 --split $D/pbc-split.csv --subset test --model pbc8-resnet18 \
    --output runs/explain/tsne-pbc8-test --results $R/tsne-pbc8-test.json
  cp runs/explain/tsne-pbc8-test/tsne-raw-pixels.png $G/tsne-pbc8-test-raw-pixels.png
  cp runs/explain/tsne-pbc8-test/tsne-learned-features.png $G/tsne-pbc8-test-learned-features.png
fi

if has tsne-dysplasia; then   # the shipped DysplasiaNet on SIMULATED test-split neutrophils (normal vs hypogranulated)
  $HEMATO explain tsne $SIM/neutrophils-test --model dysplasianet \
    --output runs/explain/tsne-dysplasianet-test-simulated --results $R/tsne-dysplasianet-test-simulated.json
  cp runs/explain/tsne-dysplasianet-test-simulated/tsne-raw-pixels.png $G/tsne-dysplasianet-simulated-raw-pixels.png
  cp runs/explain/tsne-dysplasianet-test-simulated/tsne-learned-features.png $G/tsne-dysplasianet-simulated-learned-features.png
fi

if has gallery; then   # shipped models on shipped sample images (real PBC test-split cells, and the simulated sample smear)
  cells=()
  for c in basophil eosinophil erythroblast ig lymphocyte monocyte neutrophil platelet; do cells+=("$(ls samples/pbc-sample/$c/* | sort | head -n 1)"); done
  $HEMATO explain gradcam "${cells[@]}" --model pbc8-resnet18 --size 192 --output runs/explain/gallery-gradcam
  $HEMATO explain featuremaps "${cells[6]}" "${cells[5]}" --model pbc8-resnet18 --layer layer2.1 --top 6 --output runs/explain/gallery-featuremaps
  $HEMATO screen samples/smear-sample --html runs/explain/gallery-screen.html --output runs/explain/gallery-screen.json
  # Three flagged neutrophils of the screen, explained as the screen report does (dysplastic class, block before the last)
  flagged=$(jq -r '[.neutrophils[] | select(.dysplastic)] | sort_by(-.score) | .[0:3][] | "samples/smear-sample/\(.file)"' runs/explain/gallery-screen.json)
  $HEMATO explain gradcam $flagged --model dysplasianet --class dysplastic --layer features.block3.conv --size 192 --output runs/explain/gallery-screen-gradcam
  rm -f $G/gradcam-*.png $G/featuremaps-*.png $G/screen-*.png
  for f in runs/explain/gallery-screen-gradcam/*-gradcam.png; do cp "$f" "$G/screen-$(basename "$f" | cut -d- -f2-)"; done
  for f in runs/explain/gallery-gradcam/*-gradcam.png; do cp "$f" "$G/gradcam-$(basename "$f" | cut -d- -f2-)"; done
  for f in runs/explain/gallery-featuremaps/*-featuremaps.png; do cp "$f" "$G/featuremaps-$(basename "$f" | cut -d- -f2-)"; done
fi

if has summary; then benchmarks/explain-summary.sh > $R/EXPLAIN.md; fi
