#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then runs lint, the type
# check, the build and every test suite, and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip # belt and braces with .npmrc: no CUDA download offline

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }
fi

passed=0
failed=0
step() { # name, command...: a check that counts as one test
  local name=$1; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

step lint npx --no-install eslint .
step typecheck npx --no-install tsc -b
step build node tools/build.mjs

mkdir -p .cache
log=.cache/unit-tests.log
echo "== unit tests"
mapfile -t files < <(find test/unit -name '*.test.ts' | sort)
node --import tsx --test --test-reporter=spec "${files[@]}" 2>&1 | tee "$log"
unit_pass=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
unit_fail=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 1)
[ "$unit_pass" -gt 0 ] || unit_fail=$((unit_fail + 1)) # a run that ran nothing is a failure
passed=$((passed + unit_pass))
failed=$((failed + unit_fail))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
