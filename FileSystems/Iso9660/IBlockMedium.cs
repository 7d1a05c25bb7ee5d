using System;

namespace Lunix.FileSystems.Iso9660
{
    // Where a volume's bytes come from: whole 2048-byte blocks (ISO9660's logical blocks). The
    // server reads them through a block driver (BlockDeviceMedium), the hosted tests from an image
    // file. Everything read is untrusted: the volume checks every field it uses.
    public interface IBlockMedium
    {
        // `into.Length / BlockSize` blocks from `block` on; 0, or a negated Linux errno (EIO when
        // the medium could not give all of them).
        long ReadBlocks(ulong block, Span<byte> into);
    }

    public static class IsoBlocks
    {
        public const int Size = 2048;
        public const int Shift = 11;
    }
}
