using System;

namespace Lunix.Arch.X86.Platform
{
    // QEMU's firmware configuration device: lets the host hand the guest named files. Lunix reads
    // opt/lunix/cmdline, so tests can change kernel options without rebuilding the ISO, and
    // opt/lunix/initrd, an archive unpacked over the root file system (`run --initrd FILE`).
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
            long size = FileSize(name, out ushort key);
            if (size < 0) return -1;
            Cpu.Out16(Selector, key);
            int n = (int)((ulong)size < (ulong)destination.Length ? size : destination.Length);
            for (int c = 0; c < n; c++) destination[c] = Cpu.In8(Data);
            return n;
        }

        // The named file's length and selector key, or -1 when absent (or no fw_cfg device).
        public static long FileSize(ReadOnlySpan<byte> name, out ushort key)
        {
            key = 0;
            if (!IsPresent()) return -1;
            Cpu.Out16(Selector, FileDirectoryKey);
            uint count = ReadBigEndian32();
            Span<byte> entryName = stackalloc byte[56];
            for (uint i = 0; i < count; i++)
            {
                uint size = ReadBigEndian32();
                key = (ushort)(Cpu.In8(Data) << 8 | Cpu.In8(Data));
                Cpu.In8(Data); Cpu.In8(Data);                    // reserved
                for (int c = 0; c < 56; c++) entryName[c] = Cpu.In8(Data);
                int length = entryName.IndexOf((byte)0);
                if (length == name.Length && entryName.Slice(0, length).SequenceEqual(name)) return size;
            }
            return -1;
        }

        // The file selected by `key` (from FileSize), from its start, into destination.
        public static void Read(ushort key, Span<byte> destination)
        {
            Cpu.Out16(Selector, key);
            for (int c = 0; c < destination.Length; c++) destination[c] = Cpu.In8(Data);
        }

        private static uint ReadBigEndian32()
            => (uint)(Cpu.In8(Data) << 24 | Cpu.In8(Data) << 16 | Cpu.In8(Data) << 8 | Cpu.In8(Data));
    }
}
