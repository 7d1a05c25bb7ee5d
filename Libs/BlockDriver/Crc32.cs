using System;

namespace Lunix.BlockDriver
{
    // The CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320), which GPT's header and entry
    // array carry. Bit by bit, no table: it runs once per drive opening, over at most a few KiB.
    public static class Crc32
    {
        public const uint Start = 0xFFFFFFFF;

        // Continues `crc` (Start at first) over `bytes`; Finish gives the value to compare.
        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                crc ^= bytes[i];
                for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
            }
            return crc;
        }

        public static uint Finish(uint crc) => ~crc;
    }
}
