using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Memory
{
    // How page-table code reaches physical memory: physical address p is at Base + p. In the
    // kernel Base is the direct map (Arch.X86/Memory/DirectMap.Base); in hosted tests it is a
    // pinned array that plays RAM. Being a plain struct around one pointer, it costs an add.
    public readonly unsafe struct PhysicalWindow
    {
        public readonly byte* Base;

        public PhysicalWindow(byte* physicalZero) { Base = physicalZero; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* Bytes(ulong physical) => Base + physical;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong* Table(ulong physical) => (ulong*)(Base + physical);

        // Whole frames or halves of them (length is a multiple of 128 bytes), 128 bytes a step:
        // the compiler moves a 128-byte block with eight 16-byte SSE stores, where a word loop
        // costs four instructions per 8 bytes (a demand-zero fault zeroes a frame on its path).
        public void Zero(ulong physical, ulong length)
        {
            Block* p = (Block*)(Base + physical);
            for (ulong i = 0, n = length / (ulong)sizeof(Block); i < n; i++) p[i] = default;
        }

        public void Copy(ulong destination, ulong source, ulong length)
        {
            Block* d = (Block*)(Base + destination), s = (Block*)(Base + source);
            for (ulong i = 0, n = length / (ulong)sizeof(Block); i < n; i++) d[i] = s[i];
        }

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = 128)]
        private struct Block
        {
            private long _first;
        }
    }
}
