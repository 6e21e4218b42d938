#!/usr/bin/env bash
# The test command: installs what the tests need, checks the generated code, builds, and runs every test
# (unit, in-process service tests, and the integration tests that start the real mesh on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."

./ops/install-deps.sh

echo "== generated code matches proto/"
./ops/codegen/generate-contracts.sh --check

echo "== build"
set +e
swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\] |^Building for|^Build complete'
build_status=${PIPESTATUS[0]}
set -e
if [[ $build_status -ne 0 ]]; then
    echo "test: build failed" >&2
    exit "$build_status"
fi
export FLYWHEEL_BIN="$(swift build --show-bin-path)"

echo "== tests"
set +e
swift test --skip-build 2>&1 | tee .build/test-output.txt | grep -Ev '^(◇|↳)|^✔ (Test|Suite) "|^Test Case .* (started|passed)'
status=${PIPESTATUS[0]}
set -e
exit "$status"
