namespace Lunix.Abi
{
    // How a driver's mapping of device memory is cached (VmMapPhysicalRequest, VMMAPPHYSICAL).
    public enum PhysicalCaching
    {
        Uncached = 0,           // registers: every access reaches the device, in order
        WriteCombining = 1,     // a framebuffer: writes are gathered into bursts, reads uncached
    }

    // VMMAPPHYSICAL's arguments. a3: the page-aligned physical address with the caching and
    // ReadOnly in its low bits. a0: the endpoint the pages are mapped into, and in its high half
    // (plus one; 0: none) the endpoint whose memory ranges must allow the range: a driver's own
    // for its registers, the driver that owns the device for a program's mmap of it (/dev/fb0).
    public static class PhysicalMapping
    {
        private const ulong CachingMask = 0xFF;
        public const long ReadOnly = 0x100;     // the pages are not writable (mmap without PROT_WRITE)
        private const ulong FlagMask = 0xFFF;

        public static long Pack(ulong physical, PhysicalCaching caching, bool readOnly = false) =>
            (long)(physical | (ulong)caching) | (readOnly ? ReadOnly : 0);

        public static ulong Physical(long packed) => (ulong)packed & ~FlagMask;

        public static long Caching(long packed) => (long)((ulong)packed & CachingMask);

        public static bool IsReadOnly(long packed) => (packed & ReadOnly) != 0;

        public static long Target(int target, int authority) => (long)(uint)target | ((long)(uint)(authority + 1) << 32);

        public static int TargetOf(long packed) => (int)(uint)packed;

        // The endpoint whose ranges allow the mapping: the target itself when none is named.
        public static int AuthorityOf(long packed) => (int)(packed >> 32) is var plusOne && plusOne != 0 ? plusOne - 1 : TargetOf(packed);
    }
}
