# Boots ISO in QEMU under -icount with CMDLINE and INITRD, translation logging (in_asm, out_asm) to
# LOG from the start, and switches block-execution logging on one second after the guest prints
# READY and off when it prints DONE, through the monitor socket SOCK. The serial output is echoed.
import subprocess, socket, sys, time, os
iso, cmdline, initrd, log, sock = sys.argv[1:6]
if os.path.exists(sock): os.unlink(sock)
args = ["qemu-system-x86_64", "-machine", "pc", "-m", "256M", "-cdrom", iso, "-boot", "d", "-display", "none",
        "-serial", "stdio", "-monitor", "unix:%s,server,nowait" % sock, "-no-reboot",
        "-fw_cfg", "name=opt/lunix/cmdline,string=" + cmdline, "-icount", "shift=0",
        "-d", "in_asm,out_asm", "-D", log]
if initrd != "-": args += ["-fw_cfg", "name=opt/lunix/initrd,file=" + initrd]
p = subprocess.Popen(args, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
time.sleep(0.5)
m = socket.socket(socket.AF_UNIX); m.connect(sock)
def mon(cmd):
    m.sendall((cmd + "\n").encode())
for raw in p.stdout:
    line = raw.decode(errors="replace").rstrip()
    print(line, flush=True)
    if line.endswith("READY"):
        time.sleep(1.0)
        mon("log in_asm,out_asm,exec,nochain")
    if line.endswith("DONE"): mon("log in_asm,out_asm")
p.wait()
