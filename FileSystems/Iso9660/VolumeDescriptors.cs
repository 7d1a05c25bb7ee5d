using System;

namespace Lunix.FileSystems.Iso9660
{
    // The volume descriptor set (ECMA-119 8): from block 16 on, one descriptor a block, up to the
    // terminator (type 255). Kept: the primary descriptor (type 1) and the first supplementary one
    // that is Joliet's (type 2 with the UCS-2 escape sequences %/@, %/C or %/E). Each gives the
    // volume's size and its root directory's record.
    public struct VolumeDescriptors
    {
        public const int First = 16;
        private const int MaxDescriptors = 64;          // a set longer than this has no terminator
        public const int RootRecordAt = 156;

        public bool HasPrimary, HasJoliet;
        public uint Blocks;                             // the primary's volume space size
        public DirectoryRecord PrimaryRoot, JolietRoot;

        // 0; -EINVAL when the medium holds no ISO9660 volume; -EIO when it is damaged. `problem`
        // names what is wrong.
        public static long Read(IBlockMedium medium, Span<byte> block, out VolumeDescriptors found, out string problem)
        {
            found = default;
            problem = null;
            for (int i = 0; i < MaxDescriptors; i++)
            {
                long read = medium.ReadBlocks((ulong)(First + i), block.Slice(0, IsoBlocks.Size));
                if (read < 0)
                {
                    problem = "the medium failed reading the volume descriptors";
                    return read;
                }
                if (block[1] != 'C' || block[2] != 'D' || block[3] != '0' || block[4] != '0' || block[5] != '1')
                {
                    problem = i == 0 ? "no ISO9660 volume (no CD001 descriptor at block 16)" : "a volume descriptor lacks its CD001 identifier";
                    return i == 0 ? -(long)Lunix.Abi.Linux.LinuxErrno.EINVAL : -(long)Lunix.Abi.Linux.LinuxErrno.EIO;
                }
                byte type = block[0];
                if (type == 255)
                {
                    if (found.HasPrimary) return 0;
                    problem = "no primary volume descriptor";
                    return -(long)Lunix.Abi.Linux.LinuxErrno.EINVAL;
                }
                bool joliet = type == 2 && block[88] == 0x25 && block[89] == 0x2F && (block[90] == 0x40 || block[90] == 0x43 || block[90] == 0x45);
                if ((type == 1 && !found.HasPrimary) || (joliet && !found.HasJoliet))
                {
                    if (!BothEndian.Read32(block.Slice(80), out uint blocks) || !BothEndian.Read16(block.Slice(128), out ushort blockSize))
                    {
                        problem = "a volume descriptor's both-endian fields disagree";
                        return -(long)Lunix.Abi.Linux.LinuxErrno.EIO;
                    }
                    if (blockSize != IsoBlocks.Size)
                    {
                        problem = "a logical block size other than 2048";
                        return -(long)Lunix.Abi.Linux.LinuxErrno.EINVAL;
                    }
                    if (type == 1) found.Blocks = blocks;
                    ulong limit = type == 1 ? blocks : Math.Max(blocks, found.Blocks);
                    problem = DirectoryRecord.Parse(block.Slice(RootRecordAt, 34), limit, out DirectoryRecord root);
                    if (problem == null && !root.Directory) problem = "the root directory's record is no directory";
                    if (problem != null) return -(long)Lunix.Abi.Linux.LinuxErrno.EIO;
                    if (type == 1)
                    {
                        found.HasPrimary = true;
                        found.PrimaryRoot = root;
                    }
                    else
                    {
                        found.HasJoliet = true;
                        found.JolietRoot = root;
                    }
                }
            }
            problem = "the volume descriptor set has no terminator";
            return -(long)Lunix.Abi.Linux.LinuxErrno.EIO;
        }
    }
}
