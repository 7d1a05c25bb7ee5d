using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // What a process may do (MINIX's struct priv): which IPC primitives it may use, which process
    // slots it may send to, which kernel calls it may make, which I/O port ranges it may use
    // through DEVIO and VDEVIO, which ISA interrupt lines it may attach to, which physical memory
    // (device memory) it may map, and who handles its signals. The engine keeps these as records a process's IPC slot names
    // (IpcEngine.PrivilegeRecords.cs); this struct is also the description a record is made from.
    public unsafe struct Privileges
    {
        public const int KernelCallCapacity = 128;
        public const int PortRangeCapacity = 8;
        public const int MemoryRangeCapacity = 8;

        // Bit (1 << trap number) for each allowed primitive (Traps.Send ... Traps.SendAsync).
        public uint TrapMask;

        // Slots this process may send to, notify, or name in a SENDA table: one bit per slot of
        // the whole table, so the check is one word load whichever slot the target is in.
        public SlotBitmap SendTo;

        private fixed ulong kernelCalls[KernelCallCapacity / 64];

        // I/O port ranges [first, last], inclusive (MINIX's s_io_tab): a fixed table, no allocation.
        private fixed ushort portFirst[PortRangeCapacity];
        private fixed ushort portLast[PortRangeCapacity];
        private int portRangeCount;

        public readonly int PortRangeCount => portRangeCount;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool MayTrap(int trap) => trap >= 0 && trap < 32 && (TrapMask & (1u << trap)) != 0;

        public void AllowTrap(int trap) => TrapMask |= 1u << trap;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool MaySendTo(int slot) => SendTo.Contains(slot);

        public readonly bool MayCall(int callNumber) =>
            callNumber >= 0 && callNumber < KernelCallCapacity && (kernelCalls[callNumber >> 6] & (1UL << (callNumber & 63))) != 0;

        public void AllowCall(int callNumber) => kernelCalls[callNumber >> 6] |= 1UL << (callNumber & 63);

        // No kernel call at all (PRIVCTL's "stop granting").
        public void ClearCalls()
        {
            for (int i = 0; i < KernelCallCapacity / 64; i++) kernelCalls[i] = 0;
        }

        // Adds the range [first, last]; false when the table is full or the range is empty.
        public bool AllowPorts(ushort first, ushort last)
        {
            if (last < first || portRangeCount == PortRangeCapacity) return false;
            portFirst[portRangeCount] = first;
            portLast[portRangeCount] = last;
            portRangeCount++;
            return true;
        }

        // Whether every port of an access of `width` bytes at `port` lies inside one range.
        public readonly bool MayUsePort(ulong port, int width)
        {
            if (width <= 0 || port > 0xFFFF) return false;
            ulong end = port + (ulong)width - 1;
            for (int i = 0; i < portRangeCount; i++)
                if (port >= portFirst[i] && end <= portLast[i]) return true;
            return false;
        }

        // Physical ranges [first, last], inclusive (MINIX's s_mem_tab): device memory VM may map
        // into the process (VMMAPPHYSICAL).
        private fixed ulong memoryFirst[MemoryRangeCapacity];
        private fixed ulong memoryLast[MemoryRangeCapacity];
        private int memoryRangeCount;

        public readonly int MemoryRangeCount => memoryRangeCount;

        // Adds the range [first, last]; false when the table is full or the range is empty.
        public bool AllowMemory(ulong first, ulong last)
        {
            if (last < first || memoryRangeCount == MemoryRangeCapacity) return false;
            memoryFirst[memoryRangeCount] = first;
            memoryLast[memoryRangeCount] = last;
            memoryRangeCount++;
            return true;
        }

        // Whether [physical, physical + length) lies inside one range (length > 0).
        public readonly bool MayMapMemory(ulong physical, ulong length)
        {
            if (length == 0 || physical + length - 1 < physical) return false;
            ulong last = physical + length - 1;
            for (int i = 0; i < memoryRangeCount; i++)
                if (physical >= memoryFirst[i] && last <= memoryLast[i]) return true;
            return false;
        }

        // ISA interrupt lines the process may attach to (IRQCTL): bit (1 << irq).
        public uint IrqMask;

        public readonly bool MayUseIrq(int irq) => irq >= 0 && irq < 32 && (IrqMask & (1u << irq)) != 0;

        // The process that handles this one's signals (MINIX's s_sig_mgr), by slot: RS for the
        // services it manages. Kept as slot + 1 so that default(Privileges) names none; without a
        // manager the kernel itself ends the process on a fault or a termination signal.
        private int signalManagerPlusOne;

        public readonly bool TryGetSignalManager(out int slot)
        {
            slot = signalManagerPlusOne - 1;
            return signalManagerPlusOne != 0;
        }

        public void SetSignalManager(int slot) => signalManagerPlusOne = slot + 1;

        // A process that is its own signal manager (RS) has, while it live-updates itself, a
        // backup manager (MINIX's s_bak_sig_mgr): its old version, which takes the signals the
        // kernel would otherwise have to panic for and rolls the update back. Kept as an
        // endpoint, not a slot: once that process ends its endpoint names nobody, so a later
        // occupant of the slot never inherits the role. UPDATE sets and clears it.
        private int backupSignalManager;
        private bool hasBackupSignalManager;

        public readonly bool TryGetBackupSignalManager(out int endpoint)
        {
            endpoint = backupSignalManager;
            return hasBackupSignalManager;
        }

        public void SetBackupSignalManager(int endpoint)
        {
            backupSignalManager = endpoint;
            hasBackupSignalManager = true;
        }

        public void ClearBackupSignalManager() => hasBackupSignalManager = false;

        // Every primitive, every destination: the boot-image default for system processes that
        // do not list their rights.
        public static Privileges AllIpc()
        {
            Privileges p = default;
            p.AllowTrap(Traps.Send);
            p.AllowTrap(Traps.Receive);
            p.AllowTrap(Traps.SendReceive);
            p.AllowTrap(Traps.Notify);
            p.AllowTrap(Traps.SendNonBlocking);
            p.AllowTrap(Traps.ReplyReceive);
            p.AllowTrap(Traps.SendAsync);
            p.SendTo.AddAll();
            return p;
        }
    }
}
