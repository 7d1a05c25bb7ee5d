using Lunix.Ipc;

namespace Lunix.Kernel.Ipc
{
    // What a process may do (MINIX's struct priv): which IPC primitives it may use, which process
    // slots it may send to, and which kernel calls it may make. Hardware rights (I/O port ranges,
    // IRQ lines, physical memory ranges) belong here too, next to the kernel-call mask, when the
    // drivers' kernel calls (devio, irqctl, umap) arrive.
    public unsafe struct Privileges
    {
        public const int KernelCallCapacity = 128;

        // Bit (1 << trap number) for each allowed primitive (Traps.Send ... Traps.SendAsync).
        public uint TrapMask;

        // Slots this process may send to, notify, or name in a SENDA table.
        public SlotBitmap SendTo;

        private fixed ulong kernelCalls[KernelCallCapacity / 64];

        public readonly bool MayTrap(int trap) => trap >= 0 && trap < 32 && (TrapMask & (1u << trap)) != 0;

        public void AllowTrap(int trap) => TrapMask |= 1u << trap;

        public readonly bool MaySendTo(int slot) => SendTo.Contains(slot);

        public readonly bool MayCall(int callNumber) =>
            callNumber >= 0 && callNumber < KernelCallCapacity && (kernelCalls[callNumber >> 6] & (1UL << (callNumber & 63))) != 0;

        public void AllowCall(int callNumber) => kernelCalls[callNumber >> 6] |= 1UL << (callNumber & 63);

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
            p.AllowTrap(Traps.SendAsync);
            p.SendTo.AddAll();
            return p;
        }
    }
}
