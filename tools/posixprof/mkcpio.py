# A newc cpio archive of the files given, each at the archive's top as an executable:
# mkcpio.py OUT.cpio FILE... (run --initrd and QEMU's opt/lunix/initrd take it).
import sys, os
def entry(out, name, data, mode):
    hdr = "070701" + "".join("%08x" % v for v in [0, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0])
    out.write(hdr.encode() + name.encode() + b"\0")
    out.write(b"\0" * ((4 - (110 + len(name) + 1) % 4) % 4))
    out.write(data)
    out.write(b"\0" * ((4 - len(data) % 4) % 4))
with open(sys.argv[1], "wb") as out:
    for path in sys.argv[2:]:
        entry(out, os.path.basename(path), open(path, "rb").read(), 0o100755)
    entry(out, "TRAILER!!!", b"", 0)
