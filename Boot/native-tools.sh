#!/usr/bin/env bash
# Makes sure the native tools Lunix builds and boots with are installed (Debian/Ubuntu packages).
# As root it installs what is missing with apt-get; otherwise it prints the exact command and fails.
set -euo pipefail

# A parallel build runs this from several projects at once; apt-get allows one installer at a
# time, so the runs take turns (the later ones then find everything installed).
if [ -z "${LUNIX_NATIVE_TOOLS_LOCKED:-}" ] && command -v flock >/dev/null; then
    export LUNIX_NATIVE_TOOLS_LOCKED=1
    exec flock "${TMPDIR:-/tmp}/lunix-native-tools.lock" bash "$0" "$@"
fi

missing=()
need() { # need <package> <test command...>
    local package="$1"; shift
    if ! "$@" >/dev/null 2>&1; then missing+=("$package"); fi
}

need binutils            command -v ld
need binutils            command -v as
need grub-common         command -v grub-mkrescue
need grub-pc-bin         test -d /usr/lib/grub/i386-pc
need grub-efi-amd64-bin  test -d /usr/lib/grub/x86_64-efi
need xorriso             command -v xorriso
need e2fsprogs           command -v mke2fs       # ext2 images for the ext2 server's tests (mke2fs, e2fsck, debugfs)
need mtools              command -v mformat
need qemu-system-x86     command -v qemu-system-x86_64
need ovmf                test -f /usr/share/OVMF/OVMF_CODE_4M.fd
need musl-tools          command -v musl-gcc     # the POSIX test programs (tests/Posix), the hostile ones and Userland
need curl                command -v curl

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
command="apt-get install -y --no-install-recommends $packages"

if [ "$(id -u)" -ne 0 ]; then
    echo "lunix: missing native tools. Run: sudo apt-get update && sudo $command" >&2
    exit 1
fi
echo "lunix: installing native tools: $packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages >&2
