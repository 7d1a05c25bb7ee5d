using System;

namespace Lunix.FileSystems.Ext2
{
    // Where a volume's bytes live: a block device through its driver in the server
    // (BlockDeviceDisk), an image in memory in the hosted tests. Offsets and lengths are whole
    // 512-byte sectors (ext2's blocks and its superblock are). Everything read is untrusted: the
    // volume checks every field it uses.
    public interface IExt2Disk
    {
        // 0, or a negated Linux errno (EIO when the device could not give all the bytes).
        long Read(ulong offset, Span<byte> into);
        long Write(ulong offset, ReadOnlySpan<byte> from);
    }
}
