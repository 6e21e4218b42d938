#!/usr/bin/env bash
# Issues the short-lived mesh certificates Flywheel services use for mutual TLS.
#
#   generate-certs.sh OUT_DIR [--days N] [--expired] [--foreign-ca] service...
#
# OUT_DIR/ca.pem + ca.key        the mesh CA (EC P-256), reused while it stays valid
# OUT_DIR/<service>.pem + .key   leaf with CN=<service>, SAN DNS:<service>.mesh.flywheel,
#                                 extendedKeyUsage serverAuth+clientAuth, valid N days (default 7)
#
# Leaves are reused when they verify against the current CA, match their key and stay valid for more
# than a day; otherwise they are issued again. Two flags issue the certificates tests need to be refused:
#   --expired     OUT_DIR/<service>-expired.pem: signed by the mesh CA, validity ended yesterday
#   --foreign-ca  OUT_DIR/<service>-foreign.pem: signed by OUT_DIR/foreign-ca.pem, a CA nobody trusts
# Keys are written with mode 600, certificates 644. One line is printed per file created.
set -euo pipefail

usage() {
    echo "usage: $0 OUT_DIR [--days N] [--expired] [--foreign-ca] service..." >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
out_dir=$1
shift
days=7
kind=valid
services=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --days)
            [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || { echo "--days needs a positive whole number" >&2; exit 2; }
            days=$2
            shift 2
            ;;
        --expired | --foreign-ca)
            [[ $kind == valid ]] || { echo "--expired and --foreign-ca exclude each other" >&2; exit 2; }
            [[ $1 == --expired ]] && kind=expired || kind=foreign
            shift
            ;;
        -*) echo "unknown option: $1" >&2; usage ;;
        *)
            [[ $1 =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || {
                echo "service name must be a DNS label (a-z, 0-9, -): $1" >&2
                exit 2
            }
            services+=("$1")
            shift
            ;;
    esac
done
[[ ${#services[@]} -gt 0 ]] || usage

mkdir -p "$out_dir"
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The CA outlives its leaves by far; it is issued again only when it has less than 30 days left.
ca_days=365

new_key() { # path
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
    chmod 600 "$1"
    echo "created $1"
}

ensure_ca() { # name (ca or foreign-ca)
    local cert="$out_dir/$1.pem" key="$out_dir/$1.key"
    if [[ -f $cert && -f $key ]] && openssl x509 -in "$cert" -noout -checkend $((30 * 86400)) >/dev/null 2>&1 \
        && key_matches "$cert" "$key"; then
        return
    fi
    new_key "$key"
    openssl req -x509 -new -key "$key" -sha256 -days "$ca_days" -subj "/O=Flywheel/CN=Flywheel $1" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$cert" 2>/dev/null
    chmod 644 "$cert"
    echo "created $cert"
}

key_matches() { # cert key
    local a b
    a=$(openssl x509 -in "$1" -noout -pubkey 2>/dev/null) || return 1
    b=$(openssl pkey -in "$2" -pubout 2>/dev/null) || return 1
    [[ $a == "$b" ]]
}

leaf_extensions() { # service
    cat <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:$1.mesh.flywheel
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
}

issue_leaf() { # service ca-name cert key
    local service=$1 ca=$2 cert=$3 key=$4
    new_key "$key"
    openssl req -new -key "$key" -subj "/O=Flywheel/CN=$service" -out "$work/$service.csr" 2>/dev/null
    leaf_extensions "$service" >"$work/$service.ext"
    openssl x509 -req -in "$work/$service.csr" -CA "$out_dir/$ca.pem" -CAkey "$out_dir/$ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha256 \
        -extfile "$work/$service.ext" -out "$cert" 2>/dev/null
    chmod 644 "$cert"
    echo "created $cert"
}

# openssl 3.0's `x509 -req` cannot set a start date, so the expired leaf goes through `openssl ca`
# with a throwaway configuration and database.
issue_expired_leaf() { # service cert key
    local service=$1 cert=$2 key=$3
    new_key "$key"
    openssl req -new -key "$key" -subj "/O=Flywheel/CN=$service" -out "$work/$service.csr" 2>/dev/null
    mkdir -p "$work/db"
    : >"$work/db/index.txt"
    openssl rand -hex 16 >"$work/db/serial"
    {
        cat <<EOF
[ca]
default_ca = expired
[expired]
database = $work/db/index.txt
serial = $work/db/serial
new_certs_dir = $work/db
default_md = sha256
policy = anything
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
[leaf]
EOF
        leaf_extensions "$service"
    } >"$work/ca.cnf"
    openssl ca -batch -notext -config "$work/ca.cnf" -extensions leaf \
        -cert "$out_dir/ca.pem" -keyfile "$out_dir/ca.key" \
        -startdate "$(date -u -d '2 days ago' +%Y%m%d%H%M%SZ)" \
        -enddate "$(date -u -d '1 day ago' +%Y%m%d%H%M%SZ)" \
        -in "$work/$service.csr" -out "$cert" 2>/dev/null
    chmod 644 "$cert"
    echo "created $cert"
}

leaf_is_current() { # cert key ca-name
    [[ -f $1 && -f $2 ]] || return 1
    openssl verify -CAfile "$out_dir/$3.pem" "$1" >/dev/null 2>&1 || return 1
    openssl x509 -in "$1" -noout -checkend 86400 >/dev/null 2>&1 || return 1
    key_matches "$1" "$2"
}

ensure_ca ca
[[ $kind != foreign ]] || ensure_ca foreign-ca

for service in "${services[@]}"; do
    case $kind in
        valid)
            cert="$out_dir/$service.pem" key="$out_dir/$service.key"
            leaf_is_current "$cert" "$key" ca || issue_leaf "$service" ca "$cert" "$key"
            ;;
        foreign)
            cert="$out_dir/$service-foreign.pem" key="$out_dir/$service-foreign.key"
            leaf_is_current "$cert" "$key" foreign-ca || issue_leaf "$service" foreign-ca "$cert" "$key"
            ;;
        expired)
            cert="$out_dir/$service-expired.pem" key="$out_dir/$service-expired.key"
            # Reused while it is still signed by the current CA (it is expired by design).
            if [[ -f $cert && -f $key ]] && key_matches "$cert" "$key" \
                && openssl verify -CAfile "$out_dir/ca.pem" -no_check_time "$cert" >/dev/null 2>&1; then
                continue
            fi
            issue_expired_leaf "$service" "$cert" "$key"
            ;;
    esac
done
