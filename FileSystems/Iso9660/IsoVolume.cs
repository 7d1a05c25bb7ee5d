using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // One mounted ISO9660 volume, read-only: its names from Rock Ridge when the root's "." record
    // starts with SUSP's SP entry, else from Joliet's tree when there is one, else the plain
    // ECMA-119 names (IsoNames). Inode numbers are where an inode's record lies on the medium, in
    // bytes (Linux's isofs numbers them so too), plus InodeBase, the server's instance bits: a
    // directory's is its "." record (the first of its extent), a file's its record in its
    // directory, the first of a multi-extent file's. So an inode is found again from its number
    // alone, with no table.
    //
    // Every failure is a value: a negated errno (EIO for a damaged medium) with Problem and
    // ProblemAt saying what and where, for the server's console report.
    public sealed partial class IsoVolume
    {
        public const int InodeBits = 44;                // positions up to 2^32 blocks of 2048 bytes
        private const int MaxExtents = 1024;            // of one multi-extent file
        private const int StagingBlocks = 32;           // a file read's blocks per ReadRun

        public enum Naming { Plain, Joliet, RockRidge }

        private readonly IBlockMedium _medium;
        private readonly BlockCache _cache;
        private readonly byte[] _record = new byte[256];
        private readonly byte[] _name = new byte[FileLimits.NameMax + 4];
        private readonly byte[] _link = new byte[FileLimits.PathMax];
        private readonly byte[] _staging = new byte[StagingBlocks * IsoBlocks.Size];
        private uint _blocks;
        private int _suspSkip;
        private ulong _root;

        public Naming Names { get; private set; }
        public ulong InodeBase { get; }
        public ulong Root => InodeBase + _root;
        public ulong Blocks => _blocks;
        public string Problem { get; private set; }
        public ulong ProblemAt { get; private set; }

        // The last entry's name and symlink target (their lengths in the entry).
        public ReadOnlySpan<byte> Name(scoped in IsoEntry entry) => _name.AsSpan(0, entry.NameLength);
        public ReadOnlySpan<byte> LinkTarget(scoped in IsoEntry entry) => _link.AsSpan(0, entry.LinkLength);

        public IsoVolume(IBlockMedium medium, ulong inodeBase)
        {
            _medium = medium;
            _cache = new BlockCache(medium);
            InodeBase = inodeBase;
        }

        // Reads the descriptors and the root: 0, -EINVAL for a medium with no ISO9660 volume,
        // -EIO for a damaged one.
        public long Open()
        {
            _cache.Clear();
            _mountPoints.Clear();
            Problem = null;
            long read = VolumeDescriptors.Read(_medium, _staging, out VolumeDescriptors descriptors, out string problem);
            if (read < 0)
            {
                Problem = problem;
                ProblemAt = (ulong)VolumeDescriptors.First << IsoBlocks.Shift;
                return read;
            }
            _blocks = descriptors.Blocks;
            _root = (ulong)descriptors.PrimaryRoot.DataBlock << IsoBlocks.Shift;
            long self = _cache.Get(descriptors.PrimaryRoot.DataBlock, out ReadOnlySpan<byte> block);
            if (self < 0) return Fail("the medium failed reading the root directory", _root);
            string bad = DirectoryRecord.Parse(block, _blocks, out DirectoryRecord dot);
            if (bad != null) return Fail(bad, _root);
            Names = Naming.Plain;
            if (HasSharingProtocol(block.Slice(dot.SystemUseStart, dot.SystemUseLength), out _suspSkip)) Names = Naming.RockRidge;
            else if (descriptors.HasJoliet)
            {
                Names = Naming.Joliet;
                _root = (ulong)descriptors.JolietRoot.DataBlock << IsoBlocks.Shift;
            }
            long root = Attributes(Root, out IsoEntry entry);
            if (root < 0) return root;
            return entry.Directory ? 0 : Fail("the root is no directory", _root);
        }

        public bool Owns(ulong inode) => inode >= InodeBase && inode - InodeBase < (1UL << InodeBits) && inode - InodeBase >= (ulong)VolumeDescriptors.First << IsoBlocks.Shift;

        // The inode's details from its record (a directory's "." record, with its Rock Ridge
        // entries). 0 or a negated errno.
        public long Attributes(ulong inode, out IsoEntry entry)
        {
            entry = default;
            if (!Owns(inode)) return -(long)LinuxErrno.EINVAL;
            ulong at = inode - InodeBase;
            long found = NextRecord(ref at, (ulong)_blocks << IsoBlocks.Shift, out entry);
            if (found < 0) return found;
            if (found == 0 || entry.Record != inode - InodeBase) return Fail("an inode number names no record", inode - InodeBase);
            bool self = _name[0] == '.' && entry.NameLength == 1;
            if (entry.Directory && !(self && (ulong)entry.DataBlock << IsoBlocks.Shift == entry.Record))
                return Fail("a directory's \".\" record is not at its extent's start", entry.Record);
            if (!entry.Directory && (self || entry.NameLength == 2 && _name[0] == '.' && _name[1] == '.'))
                return Fail("a \".\" or \"..\" record that is no directory", entry.Record);
            entry.Inode = inode;
            return 0;
        }

        // Records from `at` (a byte position on the medium) up to `end`, padding at blocks' ends
        // passed over: the next entry (its multi-extent pieces joined), `at` moved past it. 1, 0
        // at the end, or a negated errno. A record's bytes are copied out of the cache first,
        // since reading its continuation areas may replace the cached block.
        private long NextRecord(ref ulong at, ulong end, out IsoEntry entry)
        {
            entry = default;
            long found = ExtentRecord(ref at, end, out DirectoryRecord record);
            if (found <= 0) return found;
            ulong start = at - (ulong)record.Length;
            _cache.Get(start >> IsoBlocks.Shift, out ReadOnlySpan<byte> block);
            block.Slice((int)(start & (IsoBlocks.Size - 1)), record.Length).CopyTo(_record);
            entry.Record = start;
            long described = Describe(in record, ref entry);
            if (described < 0) return described;
            if ((record.Flags & DirectoryRecord.MultiExtent) != 0 && !record.Directory)
            {
                long joined = JoinExtents(ref at, end, ref entry);
                if (joined < 0) return joined;
            }
            return 1;
        }

        // The entry's details from the record in _record: the record's own, then Rock Ridge's.
        private long Describe(in DirectoryRecord record, ref IsoEntry entry)
        {
            entry.DataBlock = record.DataBlock;
            entry.Size = record.Size;
            entry.Directory = record.Directory;
            entry.Interleaved = record.Interleaved;
            entry.Associated = (record.Flags & DirectoryRecord.Associated) != 0;
            entry.MultiExtent = (record.Flags & DirectoryRecord.MultiExtent) != 0;
            entry.Mode = (record.Directory ? FileModes.Directory : FileModes.Regular) | 0x16D;   // r-xr-xr-x, as Linux's isofs
            entry.Links = 1;
            entry.ModifySeconds = entry.AccessSeconds = entry.ChangeSeconds = record.Seconds;
            ReadOnlySpan<byte> name = _record.AsSpan(record.NameStart, record.NameLength);
            bool self = DirectoryRecord.IsSelf(name), parent = DirectoryRecord.IsParent(name);
            if (Names == Naming.RockRidge)
            {
                long used = ReadSystemUse(_record.AsSpan(record.SystemUseStart, record.SystemUseLength), entry.Record, ref entry, self || parent);
                if (used < 0) return used;
                if (entry.HasPosix && (FileModes.IsDirectory(entry.Mode) != record.Directory) && entry.ChildLink == 0)
                    return Fail("Rock Ridge's mode and the record disagree on a directory", entry.Record);
            }
            if (self) Named("."u8, ref entry);
            else if (parent) Named(".."u8, ref entry);
            else if (!entry.RockRidgeName)
            {
                entry.NameLength = Names == Naming.Joliet ? IsoNames.Joliet(name, _name.AsSpan(0, FileLimits.NameMax)) : IsoNames.Plain(name, _name.AsSpan(0, FileLimits.NameMax));
                if (entry.NameLength < 0) return Fail("a name is longer than 255 bytes", entry.Record);
            }
            if (entry.NameLength == 0) return Fail("a directory record has an empty name", entry.Record);
            return 0;
        }

        private void Named(ReadOnlySpan<byte> name, ref IsoEntry entry)
        {
            name.CopyTo(_name);
            entry.NameLength = name.Length;
        }

        // A multi-extent file's later records (ECMA-119 6.5.1): each continues the one before it
        // until one without the flag; their sizes add up.
        private long JoinExtents(ref ulong at, ulong end, ref IsoEntry entry)
        {
            for (int extents = 1; extents < MaxExtents; extents++)
            {
                long found = ExtentRecord(ref at, end, out DirectoryRecord piece);
                if (found <= 0) return found < 0 ? found : Fail("a multi-extent file's last extent is missing", entry.Record);
                entry.Size += piece.Size;
                if ((piece.Flags & DirectoryRecord.MultiExtent) == 0) return 0;
            }
            return Fail("a multi-extent file has too many extents", entry.Record);
        }

        // The bare record at `at` (padding passed over), `at` moved past it: 1, 0 at `end`, or an error.
        private long ExtentRecord(ref ulong at, ulong end, out DirectoryRecord record)
        {
            record = default;
            while (true)
            {
                if (at >= end) return 0;
                int inBlock = (int)(at & (IsoBlocks.Size - 1));
                if (IsoBlocks.Size - inBlock < DirectoryRecord.FixedSize + 1)
                {
                    at = (at | (IsoBlocks.Size - 1)) + 1;
                    continue;
                }
                long read = _cache.Get(at >> IsoBlocks.Shift, out ReadOnlySpan<byte> block);
                if (read < 0) return Fail("the medium failed reading a directory", at);
                if (block[inBlock] == 0)
                {
                    at = (at | (IsoBlocks.Size - 1)) + 1;
                    continue;
                }
                string problem = DirectoryRecord.Parse(block.Slice(inBlock), _blocks, out record);
                if (problem != null) return Fail(problem, at);
                if ((ulong)record.Length > end - at) return Fail("a directory record runs past its directory", at);
                at += (ulong)record.Length;
                return 1;
            }
        }

        private long Fail(string problem, ulong at)
        {
            Problem = problem;
            ProblemAt = at;
            return -(long)LinuxErrno.EIO;
        }
    }
}
