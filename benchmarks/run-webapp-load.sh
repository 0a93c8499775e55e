#!/usr/bin/env bash
# The web app's load check (issue 8): SMEARS smears of CELLS cells each (samples/smear-sample, 20 x 12 by default)
# posted at once to the real server (Kestrel on 127.0.0.1, the shipped models, concurrency 1); every one must
# complete, none be lost, and /api/health answer within a second throughout. The figures go to
# benchmarks/results/webapp-load.json. Stage "screenshots" (STAGES="load screenshots") also reruns the Playwright
# end-to-end test and refreshes the README's screenshots in docs/images/.
set -euo pipefail
cd "$(dirname "$0")/.."
STAGES=${STAGES:-"load"}
has() { [[ " $STAGES " == *" $1 "* ]]; }
export HEMATOLOGY_ML_WEBAPP_LOAD_SMEARS=${SMEARS:-20} HEMATOLOGY_ML_WEBAPP_LOAD_CELLS=${CELLS:-12}
dotnet build tests/Hematology.ML.Tests -c Release -v quiet

if has load; then
  HEMATOLOGY_ML_WEBAPP_LOAD_RESULTS="$PWD/benchmarks/results/webapp-load.json" \
    dotnet test tests/Hematology.ML.Tests -c Release --no-build --filter "FullyQualifiedName~Web.WebAppLoadTests"
  cat benchmarks/results/webapp-load.json
fi

if has screenshots; then
  HEMATOLOGY_ML_SCREENSHOTS="$PWD/docs/images" \
    dotnet test tests/Hematology.ML.Tests -c Release --no-build --filter "FullyQualifiedName~Web.WebAppEndToEndTests"
  ls -l docs/images/webapp*
fi
