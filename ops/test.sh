#!/usr/bin/env bash
# The test command: installs what the tests need, checks the generated code, builds, and runs every test —
# unit tests, in-process service tests, integration tests that start the real mesh on loopback, and
# real-client checks (TinCanPython, unmodified) against a mesh started by `flywheel up`.
set -euo pipefail
cd "$(dirname "$0")/.."

./ops/install-deps.sh
# The browser checks use Debian's chromium and its driver, driven by selenium; the client checks TinCanPython.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "test: installing chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "test: installing python3-pip"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore tincan==1.0.0 selenium

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
bin="$(swift build --show-bin-path)"
export FLYWHEEL_BIN="$bin"

echo "== real clients against flywheel up --demo: TinCanPython, and the dashboards in headless chromium"
scratch="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
registry_port="$(free_port)"
http_port="$(free_port)"
"$bin/flywheel" up --demo --data "$scratch/mesh" --registry-port "$registry_port" --http "127.0.0.1:$http_port" \
    >"$scratch/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 1800); do
    grep -q "Press Ctrl-C" "$scratch/up.log" 2>/dev/null && break
    kill -0 "$up_pid" 2>/dev/null || break
    sleep 0.1
done
client_status=1
if grep -q "Press Ctrl-C" "$scratch/up.log"; then
    IFS=: read -r key secret <"$scratch/mesh/demo-credential"
    set +e
    client_status=0
    for check in Tests/Clients/tincan_statements.py Tests/Clients/tincan_documents.py; do
        python3 "$check" "http://127.0.0.1:$http_port/xapi/" "$key" "$secret" || client_status=1
    done
    "$bin/flywheel" call intelligence GetMeasures '{}' --certs "$scratch/mesh/certs" \
        --registry "127.0.0.1:$registry_port" >"$scratch/measures.json" || client_status=1
    # A stakeholder's credential: the aggregate dashboards only, no learner named.
    "$bin/flywheel" creds create --name stakeholder --scopes dashboards --certs "$scratch/mesh/certs" \
        --registry "127.0.0.1:$registry_port" >"$scratch/stakeholder.txt" || client_status=1
    stakeholder="$(awk '$1 == "key" { k = $2 } $1 == "secret" { s = $2 } END { print k ":" s }' "$scratch/stakeholder.txt")"
    python3 Tests/Clients/dashboards_browser.py "http://127.0.0.1:$http_port" "$key" "$secret" \
        "$scratch/measures.json" .build/test-artifacts/screenshots "$stakeholder" 2>&1 | grep -v '^#' || client_status=1
    set -e
else
    echo "test: flywheel up did not start:" >&2
    cat "$scratch/up.log" >&2
fi
kill -INT "$up_pid" 2>/dev/null || true
wait "$up_pid" 2>/dev/null || true
if [[ $client_status -ne 0 ]]; then
    tail -n 20 "$scratch"/mesh/logs/*.log >&2 || true
fi
rm -rf "$scratch"

echo "== Swift tests"
set +e
# Serially: CPU-heavy suites (simulation, effectiveness) would otherwise starve the two-thread cooperative
# pool that the HTTP and RPC tests' servers run on, and make their timeouts flaky on two cores.
swift test --skip-build --no-parallel 2>&1 | tee .build/test-output.txt | grep -Ev '^(◇|↳)|^✔ (Test|Suite) "|^Test Case .* (started|passed)'
status=${PIPESTATUS[0]}
set -e
if [[ $client_status -ne 0 ]]; then
    echo "test: the real-client checks (TinCanPython, dashboards in chromium) failed" >&2
    exit 1
fi
exit "$status"
