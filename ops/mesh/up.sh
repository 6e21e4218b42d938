#!/usr/bin/env bash
# Sets up and starts the whole local mesh: installs the Debian packages, builds, and runs `flywheel up --demo`
# (certificates, SQLite files, logs and a simulated organisation's data under .flywheel/, everything on
# 127.0.0.1). Extra arguments go to `flywheel up`. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."

./ops/install-deps.sh
echo "up: building (the first build takes a few minutes)..."
swift build -c release -q
exec "$(swift build -c release --show-bin-path)/flywheel" up --demo "$@"
