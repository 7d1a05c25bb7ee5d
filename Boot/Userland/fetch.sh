#!/usr/bin/env bash
# fetch.sh PACKAGE: prints the path of PACKAGE's pinned .deb (Boot/Userland/packages.txt),
# downloading it from Debian's pool into iso/cache/ the first time and checking its SHA-256.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
name="$1"
read -r _ version sha256 < <(grep -E "^$name " "$root/Boot/Userland/packages.txt") || {
    echo "lunix: $name is not in Boot/Userland/packages.txt" >&2; exit 1; }
file="${name}_${version#*:}_amd64.deb"
cache="$root/iso/cache"
deb="$cache/$file"
if [ ! -f "$deb" ]; then
    mkdir -p "$cache"
    # Binary packages live under their source package's name in the pool.
    source_name=$(case "$name" in busybox*) echo busybox ;; linux-image*) echo linux-signed-amd64 ;; *) echo "$name" ;; esac)
    url="http://deb.debian.org/debian/pool/main/${source_name:0:1}/$source_name/${file//:/%3a}"
    echo "lunix: fetching $url" >&2
    curl -fsSL --retry 3 -o "$deb.part" "$url" || {
        echo "lunix: could not download $url; put $file into $cache by hand (apt-get download $name=$version)" >&2; exit 1; }
    mv "$deb.part" "$deb"
fi
if ! echo "$sha256  $deb" | sha256sum -c --status; then
    echo "lunix: $deb does not have the pinned SHA-256 $sha256; delete it to fetch again" >&2
    exit 1
fi
echo "$deb"
