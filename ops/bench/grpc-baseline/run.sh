#!/usr/bin/env bash
# Builds and runs the gRPC C++ echo baseline for `flywheel bench rpc --grpc-baseline`.
#
#   run.sh CERTS_DIR SECONDS
#
# CERTS_DIR holds ca.pem, echo.pem/.key and cli.pem/.key (ops/certs/generate-certs.sh DIR echo cli).
# Installs Debian's gRPC C++ packages when missing, generates the C++ code from a copy of the echo proto
# and compiles into .build/grpc-baseline (rebuilt only when a source changes), then prints one
# tab-separated line per measurement on stdout: name, result, p50, p99. Everything else goes to stderr.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 CERTS_DIR SECONDS" >&2; exit 2; }
[[ -d $1 ]] || { echo "run.sh: no certificate folder at $1" >&2; exit 2; }
certs=$(cd "$1" && pwd)
seconds=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
build="$root/.build/grpc-baseline"

packages=(libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev pkg-config g++)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    echo "run.sh: installing ${missing[*]}" >&2
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >&2
fi

proto="$root/proto/flywheel/echo/v1/echo.proto"
source="$here/echo_bench.cc"
binary="$build/grpc-echo-bench"
if [[ ! -x $binary || $proto -nt $binary || $source -nt $binary || $0 -nt $binary ]]; then
    echo "run.sh: building $binary" >&2
    rm -rf "$build"
    mkdir -p "$build/proto/flywheel/echo/v1" "$build/gen"
    cp "$proto" "$build/proto/flywheel/echo/v1/echo.proto"
    protoc -I "$build/proto" --cpp_out="$build/gen" --grpc_out="$build/gen" \
        --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" flywheel/echo/v1/echo.proto
    # The three units compile in parallel: about a minute on 2 cores instead of two.
    objects=()
    for unit in "$source" "$build/gen/flywheel/echo/v1/echo.pb.cc" "$build/gen/flywheel/echo/v1/echo.grpc.pb.cc"; do
        object="$build/$(basename "$unit" .cc).o"
        # shellcheck disable=SC2046 # pkg-config prints several flags
        g++ -std=c++17 -O2 -I "$build/gen" $(pkg-config --cflags grpc++ protobuf) -c "$unit" -o "$object" &
        objects+=("$object")
    done
    for job in $(jobs -p); do wait "$job"; done
    # shellcheck disable=SC2046
    g++ -o "$binary.partial" "${objects[@]}" $(pkg-config --libs grpc++ protobuf) -pthread
    mv "$binary.partial" "$binary"
fi

exec "$binary" --certs "$certs" --seconds "$seconds"
