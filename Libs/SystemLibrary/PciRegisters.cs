using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.SystemLibrary
{
    // A PCI function's registers in one of its memory BARs, for the driver that takes the
    // function: reserved through the PCI server (which puts the BAR in the driver's privileges)
    // and mapped uncached through VM, which maps whole pages (the BAR's page, the registers at
    // their offset in it).
    public static class PciRegisters
    {
        // 0 with the window, ENODEV when the BAR is I/O ports, or the failed call's error.
        public static long ReserveAndMap(int address, int bar, out MmioWindow window)
        {
            window = default;
            long reserved = PciCalls.Reserve(address, out _);
            if (reserved != 0) return reserved;
            long found = PciCalls.Bar(address, bar, out PciReply registers);
            if (found != 0) return found;
            if ((registers.BarFlags & PciBarFlags.Io) != 0) return -(long)LinuxErrno.ENODEV;
            ulong offset = registers.Base & (VmRequests.PageSize - 1);
            long mapped = VirtualMemory.MapPhysical(registers.Base - offset, offset + registers.Size, PhysicalCaching.Uncached, out ulong at);
            if (mapped != 0) return mapped;
            window = new MmioWindow(at + offset, (int)registers.Size);
            return 0;
        }
    }
}
