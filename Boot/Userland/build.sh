#!/usr/bin/env bash
# The userland of the root file system, made before the ISOs (Boot.csproj runs this):
#   iso/build/userland/  what goes into the archive's root: Debian's busybox as /bin/busybox,
#                        with a link per applet where busybox installs it (/bin/sh, /sbin/init...);
#   iso/build/posix/     the POSIX test programs, tests/Posix/*.c built static with musl, which
#                        the test image carries as /tests/posix/<name>.
# Work is redone only for what changed. Needs musl-gcc and curl (Boot/native-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/iso/build"

# --- busybox ---------------------------------------------------------------------------------
deb=$(bash "$root/Boot/Userland/fetch.sh" busybox-static)
userland="$build/userland"
stamp="$userland/.busybox.stamp"
if [ ! -f "$stamp" ] || [ "$deb" -nt "$stamp" ] || [ "$0" -nt "$stamp" ]; then
    rm -rf "$userland" && mkdir -p "$userland/bin"
    unpack=$(mktemp -d)
    dpkg-deb -x "$deb" "$unpack"
    install -m 755 "$unpack/bin/busybox" "$userland/bin/busybox"
    rm -rf "$unpack"
    # busybox names its applets' places itself (--list-full: "bin/sh", "sbin/init", ...); it is
    # a static Linux program, so the build machine runs it.
    "$userland/bin/busybox" --list-full | while read -r applet; do
        [ "$applet" = bin/busybox ] && continue
        mkdir -p "$userland/$(dirname "$applet")"
        ln -s /bin/busybox "$userland/$applet"
    done
    touch "$stamp"
fi

# --- POSIX test programs ---------------------------------------------------------------------
posix="$build/posix"
mkdir -p "$posix"
# A program is rebuilt when its source or any header there is newer (tap.h, vm_tap.h...).
newest_header=$(ls -t "$root"/tests/Posix/*.h 2>/dev/null | head -1 || true)
for source in "$root"/tests/Posix/*.c; do
    [ -e "$source" ] || continue
    program="$posix/$(basename "$source" .c)"
    if [ ! -f "$program" ] || [ "$source" -nt "$program" ] || { [ -n "$newest_header" ] && [ "$newest_header" -nt "$program" ]; }; then
        musl-gcc -static -O2 -Wall -Werror -o "$program" "$source"
    fi
done
# Programs whose source is gone leave with it.
for program in "$posix"/*; do
    [ -e "$program" ] || continue
    [ -f "$root/tests/Posix/$(basename "$program").c" ] || rm -f "$program"
done
