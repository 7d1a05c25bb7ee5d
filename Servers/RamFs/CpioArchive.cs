using System;

namespace Lunix.Servers.RamFs
{
    // A newc cpio archive (the format Linux's initramfs uses: `cpio -H newc`), read in place: the
    // root file system's contents as the build packed them, and an initrd. Each entry is a
    // 110-byte ASCII header ("070701", then thirteen 8-digit hexadecimal fields), its NUL-ended
    // name padded to a multiple of 4, then its data padded the same way; "TRAILER!!!" ends the
    // archive. Next walks it and checks every header and length against the archive's end: a
    // damaged archive ends there, never a read past its end.
    public readonly ref struct CpioArchive
    {
        private const int HeaderSize = 110;

        private readonly ReadOnlySpan<byte> _bytes;

        public CpioArchive(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public ref struct Entry
        {
            public ReadOnlySpan<byte> Name;     // without a leading "/" or "./"
            public uint Inode;                  // the archive's, to find hard links
            public uint Mode;                   // type and permission bits, as st_mode
            public uint Uid, Gid;
            public uint Links;
            public uint ModifySeconds;
            public uint SpecialMajor, SpecialMinor;
            public int DataOffset;              // of its contents in the archive
            public int DataLength;
        }

        // The entry at `at`, and `at` moved to the next; false at the trailer, the end, or damage.
        public bool Next(ref int at, out Entry entry)
        {
            entry = default;
            if (at < 0 || _bytes.Length - at < HeaderSize) return false;
            ReadOnlySpan<byte> header = _bytes.Slice(at, HeaderSize);
            if (!header.Slice(0, 6).SequenceEqual("070701"u8)) return false;
            Span<uint> fields = stackalloc uint[13];
            for (int i = 0; i < fields.Length; i++)
                if (!Field(header, i, out fields[i])) return false;
            uint size = fields[6], nameSize = fields[11];
            if (nameSize == 0 || nameSize > (uint)(_bytes.Length - at - HeaderSize)) return false;
            int nameOffset = at + HeaderSize;
            ReadOnlySpan<byte> name = _bytes.Slice(nameOffset, (int)nameSize - 1);    // without its NUL
            if (name.SequenceEqual("TRAILER!!!"u8)) return false;
            int data = Align4(nameOffset + (int)nameSize);
            if (data > _bytes.Length || size > (uint)(_bytes.Length - data)) return false;
            entry.Name = Normalize(name);
            entry.Inode = fields[0];
            entry.Mode = fields[1];
            entry.Uid = fields[2];
            entry.Gid = fields[3];
            entry.Links = fields[4];
            entry.ModifySeconds = fields[5];
            entry.SpecialMajor = fields[9];
            entry.SpecialMinor = fields[10];
            entry.DataOffset = data;
            entry.DataLength = (int)size;
            at = Align4(data + (int)size);
            return true;
        }

        // Field `index` (0 = ino ... 12 = check) of a header, 8 hexadecimal digits.
        private static bool Field(ReadOnlySpan<byte> header, int index, out uint value)
        {
            value = 0;
            foreach (byte b in header.Slice(6 + 8 * index, 8))
            {
                uint digit = b >= '0' && b <= '9' ? (uint)(b - '0') : b >= 'a' && b <= 'f' ? (uint)(b - 'a' + 10)
                           : b >= 'A' && b <= 'F' ? (uint)(b - 'A' + 10) : 16;
                if (digit == 16) return false;
                value = value << 4 | digit;
            }
            return true;
        }

        private static int Align4(int offset) => (offset + 3) & ~3;

        private static ReadOnlySpan<byte> Normalize(ReadOnlySpan<byte> name)
        {
            while (name.StartsWith("./"u8) || name.StartsWith("/"u8)) name = name.Slice(name[0] == '.' ? 2 : 1);
            if (name.Length == 1 && name[0] == '.') return default;
            while (name.Length > 0 && name[name.Length - 1] == '/') name = name.Slice(0, name.Length - 1);
            return name;
        }
    }
}
