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

        public void Zero(ulong physical, ulong length)
        {
            ulong* p = (ulong*)(Base + physical);
            for (ulong i = 0, n = length / 8; i < n; i++) p[i] = 0;
        }

        public void Copy(ulong destination, ulong source, ulong length)
        {
            ulong* d = (ulong*)(Base + destination), s = (ulong*)(Base + source);
            for (ulong i = 0, n = length / 8; i < n; i++) d[i] = s[i];
        }
    }
}
