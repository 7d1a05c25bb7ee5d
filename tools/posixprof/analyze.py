# Sums the instructions of every block QEMU logged as executed (-d exec,nochain) by program and
# symbol: a block's count from its IN: listing, keyed by the host address its OUT: listing
# starts at; a user block's program is the first ELF whose bytes at that address are the
# block's first instruction (every program loads at 0x400000), kernel addresses go to the
# kernel. Usage: analyze.py LOG KERNEL.elf PROGRAM... (the kernel first).
import sys, re, subprocess, collections, bisect
log = sys.argv[1]; elfs = sys.argv[2:]
# symbol tables and section bytes per ELF
def load(elf):
    syms = []
    for l in subprocess.run(["nm", "-n", elf], capture_output=True, text=True).stdout.splitlines():
        parts = l.split()
        if len(parts) == 3 and parts[1] in "tTwW": syms.append((int(parts[0], 16), parts[2]))
    segs = []
    out = subprocess.run(["readelf", "-lW", elf], capture_output=True, text=True).stdout
    data = open(elf, "rb").read()
    for l in out.splitlines():
        f = l.split()
        if f and f[0] == "LOAD":
            off, va, fs = int(f[1], 16), int(f[2], 16), int(f[4], 16)
            segs.append((va, data[off:off + fs]))
    return syms, segs
progs = {e.split("/")[-1]: load(e) for e in elfs}
def bytes_at(segs, va, n):
    for base, d in segs:
        if base <= va < base + len(d): return d[va - base: va - base + n]
    return None
def symbol(syms, va):
    keys = [s[0] for s in syms]
    i = bisect.bisect_right(keys, va) - 1
    return syms[i][1] if i >= 0 else "?"
# parse translations: IN: block (guest pc, count, first bytes), then OUT: host address
blocks = {}   # host ptr -> (pc, count, firstbytes)
counts = collections.Counter()
cur = None; first = None; n = 0; pc = None; expect_out = False
inre = re.compile(r"^0x([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)")
tr = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")
with open(log, errors="replace") as f:
    state = None
    for line in f:
        if line.startswith("IN:"):
            state = "in"; n = 0; pc = None; first = None; continue
        if state == "in":
            mm = inre.match(line)
            if mm:
                if pc is None:
                    pc = int(mm.group(1), 16); first = bytes.fromhex(mm.group(2).replace(" ", ""))
                n += 1; continue
            if line.startswith("OUT:"): state = "out"; continue
            continue
        if state == "out":
            mm = re.match(r"^\s*(0x[0-9a-f]+):", line)
            if mm:
                blocks[int(mm.group(1), 16)] = (pc, n, first); state = None
            continue
        mm = tr.match(line)
        if mm:
            host = int(mm.group(1), 16)
            b = blocks.get(host)
            if b is None: continue          # translated before the log began (none: in_asm is on from boot)
            bpc, bn, bfirst = b
            owner = None
            if bpc >= 0xffff800000000000: owner = "kernel.elf"
            else:
                for name, (syms, segs) in progs.items():
                    if name == "kernel.elf": continue
                    got = bytes_at(segs, bpc, len(bfirst))
                    if got == bfirst: owner = name; break
            if owner is None: counts[("?", hex(bpc))] += bn; continue
            counts[(owner, symbol(progs[owner][0], bpc))] += bn
total = sum(counts.values())
print("total", total)
byprog = collections.Counter()
for (o, s), c in counts.items(): byprog[o] += c
for o, c in byprog.most_common(): print("%-14s %10d" % (o, c))
for (o, s), c in counts.most_common(400): print("%10d %-12s %s" % (c, o, s[:110]))
