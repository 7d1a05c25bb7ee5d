using System;

namespace Lunix.BlockDriver
{
    // The CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320), which GPT's header and entry
    // array carry and the filter driver keeps for every sector. A byte at a time through a
    // 256-entry table: the filter runs it over every sector it moves.
    public static class Crc32
    {
        public const uint Start = 0xFFFFFFFF;

        private static readonly uint[] s_table = Table();

        // Continues `crc` (Start at first) over `bytes`; Finish gives the value to compare.
        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            uint[] table = s_table;
            for (int i = 0; i < bytes.Length; i++) crc = table[(byte)(crc ^ bytes[i])] ^ (crc >> 8);
            return crc;
        }

        public static uint Finish(uint crc) => ~crc;

        private static uint[] Table()
        {
            var table = new uint[256];
            for (uint value = 0; value < 256; value++)
            {
                uint crc = value;
                for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
                table[value] = crc;
            }
            return table;
        }
    }
}
