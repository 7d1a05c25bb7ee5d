#!/usr/bin/env bash
# The userland of the root file system, made before the ISOs (Boot.csproj runs this):
#   iso/build/userland/  what goes into the archive's root: Debian's busybox as /bin/busybox,
#                        with a link per applet where busybox installs it (/bin/sh, /sbin/init...),
#                        and Lunix's own commands, Userland/*.c (/bin/service);
#   iso/build/hostile/   the hostile programs (fuzzers), tests/Hostile/*.c, as /tests/hostile/<name>.
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

# --- the vDSO ---------------------------------------------------------------------------------
# Kernel/Vdso/vdso.c, the code the kernel maps into every Linux program (the boot module "vdso"):
# position independent, no libc, one PT_LOAD, DT_HASH (musl looks symbols up through it) and the
# LINUX_2.6 version, as Linux's vDSO.
vdso="$build/vdso/vdso.so"
if [ ! -f "$vdso" ] || [ "$root/Kernel/Vdso/vdso.c" -nt "$vdso" ] || [ "$root/Kernel/Vdso/vdso.lds" -nt "$vdso" ] || [ "$0" -nt "$vdso" ]; then
    mkdir -p "$build/vdso"
    gcc -O2 -fPIC -shared -nostdlib -ffreestanding -fno-builtin -fno-stack-protector -fcf-protection=none -Wall -Wextra -Werror \
        -Wl,-T,"$root/Kernel/Vdso/vdso.lds" -Wl,--hash-style=both -Wl,-soname,linux-vdso.so.1 -Wl,--no-undefined \
        -Wl,-z,max-page-size=4096 -Wl,--build-id=none -o "$vdso" "$root/Kernel/Vdso/vdso.c"
fi

# --- hostile programs and Lunix's commands ----------------------------------------------------
# tests/Hostile/*.c (fuzzers and other hostile programs, Lunix only) into hostile/. The POSIX
# test programs (tests/Posix) are built by tests/Posix/Posix.csproj, which their host-side tests
# reference too.
build_programs() { # build_programs <source directory> <output directory> [keep-others]
    local sources="$1" output="$2" keep="${3:-}"
    mkdir -p "$output"
    for source in "$sources"/*.c; do
        [ -e "$source" ] || continue
        local program="$output/$(basename "$source" .c)"
        if [ ! -f "$program" ] || [ "$source" -nt "$program" ] || { [ -f "$sources/tap.h" ] && [ "$sources/tap.h" -nt "$program" ]; }; then
            musl-gcc -static -O2 -Wall -Werror -o "$program" "$source"
        fi
    done
    # Programs whose source is gone leave with it (not in a directory shared with others).
    [ -n "$keep" ] && return
    for program in "$output"/*; do
        [ -e "$program" ] || continue
        [ -f "$sources/$(basename "$program").c" ] || rm -f "$program"
    done
}
build_programs "$root/tests/Hostile" "$build/hostile"
# Lunix's own commands (Userland/*.c: service) beside busybox's.
build_programs "$root/Userland" "$userland/bin" keep-others
