#!/usr/bin/env bash
# The Linux peer's kernel: Debian's own linux-image package, pinned by name, version and
# checksums, so the benchmark compares Lunix with a real, fixed Linux. Usage:
#   linux-peer-kernel.sh CACHE_DIR
# Prints the path of the kernel (CACHE_DIR/vmlinuz-<release>) on stdout, fetching it the first
# time with `apt-get download` (about 70 MB, no root needed) and taking /boot/vmlinuz-<release>
# out of the package with dpkg-deb, with the modules the disk figures need (the IDE and AHCI
# drivers, the SCSI disk, ext4 for ext2, and what they depend on) in
# CACHE_DIR/modules-<release>, listed in loading order in its file `order`. Messages go to
# stderr; exit 1 when it cannot be had.
#
# To move the pin (Debian drops superseded kernels from its archive): pick a version from
# `apt-cache policy 'linux-image-6.1.0-*-amd64'`, then set the four values below from
# `apt-cache show PACKAGE=VERSION | grep SHA256` and `sha256sum` of the extracted vmlinuz.
set -euo pipefail

package=linux-image-6.1.0-57-amd64
version=6.1.192-3
release=6.1.0-57-amd64
deb_sha256=14d219d01e1283261817d961dbb3895cb5b4288d0de10e0ba0632a0d993e15bf
vmlinuz_sha256=85667e6c72245133bd7e3e80bac7d16b26fda15c0a3c68faa4b713850ea526cd

cache="${1:?usage: linux-peer-kernel.sh CACHE_DIR}"
kernel="$cache/vmlinuz-$release"
modules="$cache/modules-$release"
# Each after those it depends on (their .ko's `depends=`); the crypto algorithms before the
# libraries that look them up, since the peer has no modprobe to load them on demand.
module_paths=(
    drivers/scsi/scsi_common drivers/scsi/scsi_mod drivers/ata/libata drivers/ata/ata_piix drivers/ata/libahci drivers/ata/ahci
    crypto/crct10dif_common crypto/crct10dif_generic lib/crc-t10dif lib/crc64 crypto/crc64_rocksoft_generic lib/crc64-rocksoft
    block/t10-pi drivers/scsi/sd_mod lib/crc16 fs/mbcache fs/jbd2/jbd2 crypto/crc32c_generic fs/ext4/ext4
)

verified() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
# apt-cache show exits 0 for a version it does not have: look for the version itself (not with
# grep -q, whose early exit would fail apt-cache under pipefail).
known() { apt-cache show "$package=$version" 2>/dev/null | grep -x "Version: $version" >/dev/null; }

if verified "$kernel" "$vmlinuz_sha256" && [ -f "$modules/order" ]; then echo "$kernel"; exit 0; fi

# apt must know the pinned version; its lists may be missing or old on a fresh machine.
if ! known; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "lunix: updating apt's package lists to find $package $version" >&2
        apt-get update -q >&2 || true
    fi
    if ! known; then
        echo "lunix: apt knows no $package version $version (the Linux peer's pinned kernel)." >&2
        echo "lunix: run 'sudo apt-get update' (bookworm-security must be in apt's sources); if the version" >&2
        echo "lunix: is gone from Debian's archive, move the pin in Boot/linux-peer-kernel.sh" >&2
        exit 1
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "lunix: fetching the Linux peer's kernel: $package $version (about 70 MB)" >&2
# apt's sandbox user cannot write into a private temporary directory: download as ourselves.
if ! (cd "$work" && apt-get download -q -o APT::Sandbox::User="$(id -un)" "$package=$version" >&2); then
    echo "lunix: cannot download $package $version (apt's message above): is Debian's archive reachable?" >&2
    exit 1
fi
deb="$work/${package}_${version}_amd64.deb"
if ! verified "$deb" "$deb_sha256"; then
    echo "lunix: $deb does not have the pinned SHA-256 $deb_sha256" >&2
    exit 1
fi
# The kernel and the disk figures' modules: the package's other 400 MB stay in the archive.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "./boot/vmlinuz-$release" \
    $(for path in "${module_paths[@]}"; do echo "./lib/modules/$release/kernel/$path.ko"; done)
if ! verified "$work/boot/vmlinuz-$release" "$vmlinuz_sha256"; then
    echo "lunix: vmlinuz-$release from $package does not have the pinned SHA-256 $vmlinuz_sha256" >&2
    exit 1
fi
mkdir -p "$cache" "$modules"
rm -f "$modules/order"
for path in "${module_paths[@]}"; do
    mv "$work/lib/modules/$release/kernel/$path.ko" "$modules/"
    echo "$(basename "$path").ko" >> "$modules/order"
done
mv "$work/boot/vmlinuz-$release" "$kernel"
echo "$kernel"
