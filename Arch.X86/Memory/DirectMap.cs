namespace Lunix.Arch.X86.Memory
{
    // All physical memory is mapped at one fixed offset in the higher half (PML4 slot 256), so the
    // kernel reaches any physical address without temporary mappings.
    public static unsafe class DirectMap
    {
        public const ulong Base = 0xFFFF800000000000;
        public const ulong KernelWindow = 0xFFFFFFFF80000000;

        public static byte* ToVirtual(ulong physical) => (byte*)(Base + physical);

        // The kernel image is linked at -2 GiB and loaded at its physical address minus that.
        public static ulong KernelToPhysical(ulong virtualAddress) => virtualAddress - KernelWindow;
    }
}
