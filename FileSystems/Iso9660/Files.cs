using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // A file's bytes and a symlink's target. A file is one extent, or (multi-extent, ECMA-119
    // 6.5.1) several, each a directory record of its own, read in order. Interleaved files (file
    // units with gaps between them, 6.4.2) are refused: no writer of today makes them.
    public sealed partial class IsoVolume
    {
        // Up to `length` bytes of `inode` from `position`, read into the volume's staging buffer:
        // `run` holds them (at most one extent's rest and 64 KiB), valid until the next call.
        // The count, 0 at the end of the file, or a negated errno.
        public long ReadRun(ulong inode, ulong position, ulong length, out ReadOnlySpan<byte> run)
        {
            run = default;
            long found = Attributes(inode, out IsoEntry entry);
            if (found < 0) return found;
            if (entry.Directory) return -(long)LinuxErrno.EISDIR;
            if (!FileModes.IsRegular(entry.Mode)) return -(long)LinuxErrno.EINVAL;
            if (entry.Interleaved) return Fail("an interleaved file (not supported)", entry.Record);
            if (position >= entry.Size || length == 0) return 0;

            uint block = entry.DataBlock;
            ulong extentStart = 0, extentSize = entry.MultiExtent ? 0 : entry.Size;
            if (entry.MultiExtent)
            {
                ulong at = entry.Record, end = (ulong)_blocks << IsoBlocks.Shift;
                for (int extents = 0; ; extents++)
                {
                    if (extents == MaxExtents) return Fail("a multi-extent file has too many extents", entry.Record);
                    long piece = ExtentRecord(ref at, end, out DirectoryRecord record);
                    if (piece < 0) return piece;
                    if (piece == 0) return Fail("a multi-extent file's last extent is missing", entry.Record);
                    if (record.Interleaved) return Fail("an interleaved file (not supported)", entry.Record);
                    if (position < extentStart + record.Size)
                    {
                        block = record.DataBlock;
                        extentSize = record.Size;
                        break;
                    }
                    extentStart += record.Size;
                    if ((record.Flags & DirectoryRecord.MultiExtent) == 0) return 0;
                }
            }
            ulong within = position - extentStart;
            int skip = (int)(within & (IsoBlocks.Size - 1));
            ulong count = Math.Min(Math.Min(length, extentSize - within), (ulong)(_staging.Length - skip));
            int blocks = (int)(((ulong)skip + count + IsoBlocks.Size - 1) >> IsoBlocks.Shift);
            ulong first = block + (within >> IsoBlocks.Shift);
            long read = _medium.ReadBlocks(first, _staging.AsSpan(0, blocks * IsoBlocks.Size));
            if (read < 0) return Fail("the medium failed reading a file", first << IsoBlocks.Shift);
            run = _staging.AsSpan(skip, (int)count);
            return (long)count;
        }

        // A symlink's target (Rock Ridge's SL entries joined): its length, or a negated errno.
        public long ReadLink(ulong inode, out ReadOnlySpan<byte> target)
        {
            target = default;
            long found = Attributes(inode, out IsoEntry entry);
            if (found < 0) return found;
            if (!FileModes.IsSymlink(entry.Mode)) return -(long)LinuxErrno.EINVAL;
            target = LinkTarget(in entry);
            return target.Length;
        }
    }
}
