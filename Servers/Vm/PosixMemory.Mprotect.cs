using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    public sealed partial class PosixMemory
    {
        // mprotect: the regions covering the range take the new rights (split where the range
        // cuts them), and so do their pages that are there; the others get them at their first
        // touch. A page another process still maps copy-on-write stays so until its first write
        // (the kernel's VMPROTECT), so making memory writable after a fork shares nothing.
        // RELRO is this: glibc makes its relocated data read-only at start-up. Linux's errors:
        // EINVAL for an unaligned address or unknown rights (PROT_GROWSDOWN/UP too: no region
        // grows), ENOMEM for a range with a hole or past user space; EACCES for W|X.
        // A device's mapping made without PROT_WRITE does not become writable (EACCES): VFS
        // checked the descriptor's access for the rights asked then, and VM does not keep it.
        // (Linux allows it when the descriptor was open for writing.)
        private bool MapsDeviceReadOnly(int entry, ulong address, ulong end)
        {
            foreach (VmRegion region in regions.Regions(entry))
                if (region.Start < end && address < region.End && (region.Flags & VmRegionFlags.Device) != 0
                    && (region.Protection & VmProtection.Writable) == 0)
                    return true;
            return false;
        }

        private long Mprotect(int caller, ulong address, ulong length, long prot)
        {
            const long Known = LinuxMemory.ProtRead | LinuxMemory.ProtWrite | LinuxMemory.ProtExec | LinuxMemory.ProtSem;
            if ((address & PageMask) != 0) return -(long)LinuxErrno.EINVAL;
            if (length == 0) return 0;
            ulong end = address + PageUp(length);
            if (end <= address) return -(long)LinuxErrno.ENOMEM;
            if ((prot & ~Known) != 0) return -(long)LinuxErrno.EINVAL;
            long refused = ProtectionOf(prot, out VmProtection protection);
            if (refused != 0) return refused;
            long covered = Covered(caller, address, end, out int entry);
            if (covered != 0) return covered;
            if ((protection & VmProtection.Writable) != 0 && MapsDeviceReadOnly(entry, address, end)) return -(long)LinuxErrno.EACCES;
            int changed = regions.Protect(entry, address, end, protection);
            if (changed == 0) changed = regions.Save(entry);
            if (changed != 0) return Discard(entry, changed);
            return pages.Protect(caller, address, end - address, protection) == 0 ? 0 : -(long)LinuxErrno.ENOMEM;
        }
    }
}
