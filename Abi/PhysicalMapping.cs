namespace Lunix.Abi
{
    // How a driver's mapping of device memory is cached (VmMapPhysicalRequest, VMMAPPHYSICAL).
    public enum PhysicalCaching
    {
        Uncached = 0,           // registers: every access reaches the device, in order
        WriteCombining = 1,     // a framebuffer: writes are gathered into bursts, reads uncached
    }

    // VMMAPPHYSICAL's a3: the page-aligned physical address with the caching in its low bits.
    public static class PhysicalMapping
    {
        private const ulong CachingMask = 0xFFF;

        public static long Pack(ulong physical, PhysicalCaching caching) => (long)(physical | (ulong)caching);

        public static ulong Physical(long packed) => (ulong)packed & ~CachingMask;

        public static long Caching(long packed) => packed & (long)CachingMask;
    }
}
