#!/usr/bin/env bash
# Builds a lab-style smears folder from the shipped PBC sample images, for the walkthrough in
# docs/database.md: <out>/<request number>/<cell-type folder>/<image>, the request numbers taken from
# samples/sample-sheet.csv (all fake). Image i of each class goes to smear i mod 8, so every smear
# holds every class; the folders use the names a lab would (PBC sub-type codes such as BNE, LY).
#   samples/make-sample-smears.sh /tmp/smears
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: make-sample-smears.sh <output folder>}"
[ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || { echo "make-sample-smears: $out is not empty" >&2; exit 1; }
mapfile -t requests < <(tail -n +2 "$here/sample-sheet.csv" | cut -d, -f2)
declare -A folder=([basophil]=BA [eosinophil]=EO [erythroblast]=ERB [ig]=IG [lymphocyte]=LY [monocyte]=MO [neutrophil]=BNE [platelet]=PLATELET)
for class in "${!folder[@]}"; do
  i=0
  for image in $(ls "$here/pbc-sample/$class" | sort); do
    target="$out/${requests[$((i % ${#requests[@]}))]}/${folder[$class]}"
    mkdir -p "$target"
    cp "$here/pbc-sample/$class/$image" "$target/"
    i=$((i + 1))
  done
done
echo "make-sample-smears: ${#requests[@]} smears in $out" >&2
