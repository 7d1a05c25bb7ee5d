#!/bin/bash
# Where one POSIX operation's guest instructions go, per program and symbol (docs/perf.md,
# "Instruction-level profile of a POSIX figure"). Usage, after `dotnet build Boot`:
#   bash tools/posixprof/profile.sh stat|open|create|pipe [WORK_DIR]
# opprof.c runs the operation 1,000 times between READY and DONE, and again 0 times; QEMU logs
# every executed block of that window (drive.py), analyze.py sums them by symbol, and the two
# runs' difference divided by 1,000 is printed. Needs musl-gcc (musl-tools); each run writes a
# few hundred MB of QEMU log into WORK_DIR (default /tmp/posixprof).
set -euo pipefail
MODE=${1:?operation: stat, open, create or pipe}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
WORK=${2:-/tmp/posixprof}; BUILD=$ROOT/iso/build
mkdir -p "$WORK"
musl-gcc -static -O2 -o "$WORK/opprof" "$HERE/opprof.c"
python3 "$HERE/mkcpio.py" "$WORK/opprof.cpio" "$WORK/opprof"
for N in 1000 0; do
  timeout 300 python3 "$HERE/drive.py" "$ROOT/iso/lunix.iso" "poweroff init=/opprof -- $MODE $N" "$WORK/opprof.cpio" "$WORK/q$N.log" "$WORK/monitor.sock" > "$WORK/serial$N.txt"
  python3 "$HERE/analyze.py" "$WORK/q$N.log" "$BUILD/kernel.elf" "$BUILD/vfs.elf" "$BUILD/ramfs.elf" "$BUILD/pm.elf" "$BUILD/vm.elf" "$WORK/opprof" > "$WORK/a$N.txt"
done
python3 - "$WORK/a1000.txt" "$WORK/a0.txt" <<'PY'
import re, sys, collections
def load(path):
    counts = collections.Counter()
    for line in open(path):
        m = re.match(r"^\s*(\d+) (\S+)\s+(.*)$", line)
        if m: counts[(m.group(2), m.group(3))] += int(m.group(1))
        m = re.match(r"^(\S+)\s+(\d+)$", line)
        if m: counts[(m.group(1), "TOTAL")] += int(m.group(2))
    return counts
many, none = load(sys.argv[1]), load(sys.argv[2])
per = {k: (many[k] - none.get(k, 0)) / 1000 for k in many}
for (program, symbol), v in sorted(per.items(), key=lambda kv: -kv[1])[:70]:
    if abs(v) >= 3: print("%8.0f %-10s %s" % (v, program, symbol[:100]))
PY
