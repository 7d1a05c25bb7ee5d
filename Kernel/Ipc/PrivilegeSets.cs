using Lunix.Abi;
using Lunix.Kernel.Boot;

namespace Lunix.Kernel.Ipc
{
    // A PrivilegeSet (the manifest's description of a program's rights, from the kernel's boot
    // table or RS's LOADPROGRAM request) turned into the kernel's privilege record. A set that
    // names a slot outside the table, a bad port or memory range or interrupt line, or an unknown
    // trap is refused whole: it comes from ring 3 and must not be half applied. The memory range
    // PrivilegeSet.Framebuffer becomes the boot framebuffer's memory, or nothing without one.
    internal static unsafe class PrivilegeSets
    {
        private const uint KnownTraps = 1u << Traps.Send | 1u << Traps.Receive | 1u << Traps.SendReceive | 1u << Traps.Notify
                                        | 1u << Traps.SendNonBlocking | 1u << Traps.ReplyReceive | 1u << Traps.SendAsync;
        private const int IsaLines = 16;

        public static bool TryConvert(in PrivilegeSet set, out Privileges privileges) =>
            TryConvert(in set, BootScreen.MemoryFirst, BootScreen.MemoryLast, out privileges);

        // framebufferFirst > framebufferLast: there is no framebuffer.
        public static bool TryConvert(in PrivilegeSet set, ulong framebufferFirst, ulong framebufferLast, out Privileges privileges)
        {
            privileges = default;
            if ((set.Traps & ~KnownTraps) != 0 || (set.Irqs >> IsaLines) != 0) return false;
            if (set.TargetCount < PrivilegeSet.EveryTarget || set.TargetCount > PrivilegeSet.MaxTargets) return false;
            if (set.PortRangeCount < 0 || set.PortRangeCount > PrivilegeSet.MaxPortRanges) return false;
            if (set.MemoryRangeCount < 0 || set.MemoryRangeCount > PrivilegeSet.MaxMemoryRanges) return false;
            if (set.SignalManager != PrivilegeSet.NoSignalManager && !IsSlot(set.SignalManager)) return false;
            privileges.TrapMask = set.Traps;
            privileges.IrqMask = set.Irqs;
            if (set.TargetCount == PrivilegeSet.EveryTarget) privileges.SendTo.AddAll();
            for (int i = 0; i < set.TargetCount; i++)
            {
                if (!IsSlot(set.Targets[i])) return false;
                privileges.SendTo.Add(set.Targets[i]);
            }
            for (int call = 0; call < PrivilegeSet.CallWords * 64; call++)
                if (set.MayCall(call)) privileges.AllowCall(call);
            for (int i = 0; i < set.PortRangeCount; i++)
                if (!privileges.AllowPorts(set.PortFirst[i], set.PortLast[i])) return false;
            for (int i = 0; i < set.MemoryRangeCount; i++)
            {
                ulong first = set.MemoryFirst[i], last = set.MemoryLast[i];
                if (first == PrivilegeSet.Framebuffer && last == PrivilegeSet.Framebuffer)
                {
                    if (framebufferFirst > framebufferLast) continue;
                    (first, last) = (framebufferFirst, framebufferLast);
                }
                if (!privileges.AllowMemory(first, last)) return false;
            }
            if (set.SignalManager != PrivilegeSet.NoSignalManager) privileges.SetSignalManager(set.SignalManager);
            return true;
        }

        private static bool IsSlot(int slot) => slot >= 0 && slot < Process.ProcessTable.Slots;
    }
}
