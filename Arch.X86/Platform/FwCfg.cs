using System;

namespace Lunix.Arch.X86.Platform
{
    // QEMU's firmware configuration device: lets the host hand the guest named files. Lunix reads
    // opt/lunix/cmdline, so tests can change kernel options without rebuilding the ISO.
    public static class FwCfg
    {
        private const ushort Selector = 0x510, Data = 0x511;
        private const ushort SignatureKey = 0x0000, FileDirectoryKey = 0x0019;

        public static bool IsPresent()
        {
            Cpu.Out16(Selector, SignatureKey);
            return Cpu.In8(Data) == 'Q' && Cpu.In8(Data) == 'E' && Cpu.In8(Data) == 'M' && Cpu.In8(Data) == 'U';
        }

        // Copies the named file into destination; returns its length, or -1 when absent.
        public static int ReadFile(ReadOnlySpan<byte> name, Span<byte> destination)
        {
            if (!IsPresent()) return -1;
            Cpu.Out16(Selector, FileDirectoryKey);
            uint count = ReadBigEndian32();
            Span<byte> entryName = stackalloc byte[56];
            for (uint i = 0; i < count; i++)
            {
                uint size = ReadBigEndian32();
                ushort key = (ushort)(Cpu.In8(Data) << 8 | Cpu.In8(Data));
                Cpu.In8(Data); Cpu.In8(Data);                    // reserved
                for (int c = 0; c < 56; c++) entryName[c] = Cpu.In8(Data);
                int length = entryName.IndexOf((byte)0);
                if (length != name.Length || !entryName.Slice(0, length).SequenceEqual(name)) continue;
                Cpu.Out16(Selector, key);
                int n = (int)(size < (uint)destination.Length ? size : (uint)destination.Length);
                for (int c = 0; c < n; c++) destination[c] = Cpu.In8(Data);
                return n;
            }
            return -1;
        }

        private static uint ReadBigEndian32()
            => (uint)(Cpu.In8(Data) << 24 | Cpu.In8(Data) << 16 | Cpu.In8(Data) << 8 | Cpu.In8(Data));
    }
}
