# TAP for the shell suites, sourced by each: `check NAME EXPECTED ACTUAL` compares two strings,
# `check_status NAME EXPECTED COMMAND...` a command's exit status. `finish` prints the plan and
# exits 0 only when every check passed. The scripts run under busybox sh, on Lunix and, in the
# hosted tests, on the build machine with the same busybox: both must pass.
tap_count=0
tap_failed=0

check() {
    tap_count=$((tap_count + 1))
    if [ "$2" = "$3" ]; then
        echo "ok $tap_count - $1"
    else
        tap_failed=$((tap_failed + 1))
        echo "not ok $tap_count - $1"
        printf '%s\n' "$2" | sed 's/^/#   expected: /'
        printf '%s\n' "$3" | sed 's/^/#   actual:   /'
    fi
}

check_status() {
    name="$1" expected="$2"
    shift 2
    "$@" >/dev/null 2>&1
    check "$name" "$expected" "$?"
}

finish() {
    [ -n "${tap_scratch:-}" ] && cd / && rm -rf "$tap_scratch"
    echo "1..$tap_count"
    [ "$tap_failed" -eq 0 ]
    exit
}

# A directory of the suite's own under $TMPDIR (the hosted tests give each run its own), emptied
# first and removed by finish.
scratch_directory() {
    tap_scratch="${TMPDIR:-/tmp}/shell-$1"
    rm -rf "$tap_scratch" && mkdir -p "$tap_scratch" && cd "$tap_scratch" || exit 1
}
