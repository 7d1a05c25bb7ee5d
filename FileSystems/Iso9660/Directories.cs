using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // A directory's entries: found by name, listed in order, and its parent. What a directory
    // holds is shown as it was made: "." and ".." records, associated files (ECMA-119's
    // auxiliary records) and Rock Ridge's relocated directories (RE) where they were moved to are
    // passed over; a CL placeholder stands for the directory it points to, and a relocated
    // directory's parent is its PL entry's. A subdirectory that is its own directory or the root
    // is a cycle on a damaged medium: refused, as is a CL or PL that points at no directory.
    public sealed partial class IsoVolume
    {
        // The next visible entry of `directory` from byte `offset` of its extent (0: the start),
        // `offset` moved past it: 1, 0 at the end, or a negated errno.
        public long NextEntry(ulong directory, ref ulong offset, out IsoEntry entry)
        {
            entry = default;
            long self = Attributes(directory, out IsoEntry listed);
            if (self < 0) return self;
            return listed.Directory ? NextEntryIn(directory, in listed, ref offset, default, out entry) : -(long)LinuxErrno.ENOTDIR;
        }

        // `wanted`: only an entry of that name (a lookup, which so reads no other subdirectory's
        // "." record); empty: every entry.
        private long NextEntryIn(ulong directory, in IsoEntry listed, ref ulong offset, ReadOnlySpan<byte> wanted, out IsoEntry entry)
        {
            entry = default;
            ulong start = (ulong)listed.DataBlock << IsoBlocks.Shift;
            ulong end = start + listed.Size;
            while (true)
            {
                if (offset >= listed.Size) return 0;
                ulong at = start + offset;
                long found = NextRecord(ref at, end, out entry);
                offset = at - start;
                if (found <= 0) return found;
                ReadOnlySpan<byte> name = Name(in entry);
                if (name.Length <= 2 && name[0] == '.' && (name.Length == 1 || name[1] == '.') && !entry.RockRidgeName) continue;
                if (entry.Relocated) continue;
                if (entry.Associated) continue;
                if (!wanted.IsEmpty && !name.SequenceEqual(wanted)) continue;
                return Resolve(directory, ref entry);
            }
        }

        // `name` in `directory`: 0 with its entry, -ENOENT, or another negated errno.
        public long Find(ulong directory, ReadOnlySpan<byte> name, out IsoEntry entry)
        {
            long self = Attributes(directory, out IsoEntry listed);
            entry = default;
            if (self < 0) return self;
            if (!listed.Directory) return -(long)LinuxErrno.ENOTDIR;
            ulong offset = 0;
            long found = NextEntryIn(directory, in listed, ref offset, name, out entry);
            if (found < 0) return found;
            return found == 0 ? -(long)LinuxErrno.ENOENT : 0;
        }

        // The directory `directory` is in: its ".." record's, or its PL entry's when it was relocated.
        public long Parent(ulong directory, out ulong parent)
        {
            parent = 0;
            long self = Attributes(directory, out IsoEntry listed);
            if (self < 0) return self;
            if (!listed.Directory) return -(long)LinuxErrno.ENOTDIR;
            if (directory == Root)
            {
                parent = Root;
                return 0;
            }
            ulong start = (ulong)listed.DataBlock << IsoBlocks.Shift;
            ulong at = start;                                   // "." first, then ".."
            long found = NextRecord(ref at, start + listed.Size, out IsoEntry _);
            if (found > 0) found = NextRecord(ref at, start + listed.Size, out listed);
            if (found < 0) return found;
            if (found == 0 || !(listed.NameLength == 2 && _name[0] == '.' && _name[1] == '.'))
                return Fail("a directory has no \"..\" record", start);
            uint block = listed.ParentLink != 0 ? listed.ParentLink : listed.DataBlock;
            parent = InodeBase + ((ulong)block << IsoBlocks.Shift);
            long checkedParent = Attributes(parent, out IsoEntry above);
            if (checkedParent < 0) return checkedParent;
            return above.Directory ? 0 : Fail("a \"..\" or PL entry points at no directory", start);
        }

        // An entry as the tree shows it: a directory by its "." record, a CL placeholder by the
        // directory it stands for, a file by its record.
        private long Resolve(ulong directory, ref IsoEntry entry)
        {
            if (entry.ChildLink != 0 || entry.Directory)
            {
                ulong record = entry.Record;
                uint block = entry.ChildLink != 0 ? entry.ChildLink : entry.DataBlock;
                ulong inode = InodeBase + ((ulong)block << IsoBlocks.Shift);
                if (inode == directory || inode == Root) return Fail("a directory contains itself or the root (a cycle)", record);
                int nameLength = entry.NameLength;
                Span<byte> name = stackalloc byte[FileLimits.NameMax];
                _name.AsSpan(0, nameLength).CopyTo(name);
                long found = Attributes(inode, out entry);
                if (found < 0) return found;
                if (!entry.Directory) return Fail("a CL entry points at no directory", record);
                name.Slice(0, nameLength).CopyTo(_name);
                entry.NameLength = nameLength;
                return 1;
            }
            entry.Inode = InodeBase + entry.Record;
            return 1;
        }
    }
}
