namespace Lunix.SystemLibrary
{
    // A device's registers mapped uncached into the driver (VirtualMemory.MapPhysical): 32-bit
    // reads and writes at byte offsets, each a real access (volatile), in program order.
    public readonly unsafe struct MmioWindow
    {
        private readonly uint* _base;
        public readonly int Length;

        public MmioWindow(ulong address, int length)
        {
            _base = (uint*)address;
            Length = length;
        }

        public uint Read(int offset) => System.Threading.Volatile.Read(ref _base[offset >> 2]);

        public void Write(int offset, uint value) => System.Threading.Volatile.Write(ref _base[offset >> 2], value);
    }
}
