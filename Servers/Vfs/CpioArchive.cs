using System;

namespace Lunix.Servers.Vfs
{
    // A newc cpio archive (the format Linux's initramfs uses: `cpio -H newc`), read in place: the
    // root file system's contents as the build packed them. Each entry is a 110-byte ASCII
    // header ("070701", then thirteen 8-digit hexadecimal fields), its NUL-ended name padded to
    // a multiple of 4, then its data padded the same way; "TRAILER!!!" ends the archive. Find
    // walks it and checks every header and length against the archive's end: a damaged archive
    // yields no entry, never a read past its end.
    public readonly ref struct CpioArchive
    {
        private const int HeaderSize = 110;
        private const string Trailer = "TRAILER!!!";

        private readonly ReadOnlySpan<byte> _bytes;

        public CpioArchive(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public struct Entry
        {
            public uint Mode;               // type and permission bits, as stat's st_mode
            public int DataOffset;          // of its contents in the archive
            public int DataLength;
        }

        // The entry whose name (without a leading "/" or "./") is `path`; false when there is none
        // or the archive is damaged before it.
        public bool Find(ReadOnlySpan<char> path, out Entry found)
        {
            found = default;
            path = Normalize(path);
            for (int at = 0; ;)
            {
                if (!TryRead(at, out Entry entry, out int nameOffset, out int nameLength, out int next)) return false;
                ReadOnlySpan<byte> name = _bytes.Slice(nameOffset, nameLength);
                if (Matches(name, Trailer)) return false;
                if (Matches(Normalize(name), path))
                {
                    found = entry;
                    return true;
                }
                at = next;
            }
        }

        private bool TryRead(int at, out Entry entry, out int nameOffset, out int nameLength, out int next)
        {
            entry = default;
            nameOffset = nameLength = next = 0;
            if (at < 0 || _bytes.Length - at < HeaderSize) return false;
            ReadOnlySpan<byte> header = _bytes.Slice(at, HeaderSize);
            if (!header.Slice(0, 6).SequenceEqual("070701"u8)) return false;
            if (!Field(header, 1, out uint mode) || !Field(header, 6, out uint size) || !Field(header, 11, out uint nameSize)) return false;
            if (nameSize == 0 || nameSize > (uint)(_bytes.Length - at - HeaderSize)) return false;
            nameOffset = at + HeaderSize;
            nameLength = (int)nameSize - 1;                         // without its NUL
            int data = Align4(nameOffset + (int)nameSize);
            if (data > _bytes.Length || size > (uint)(_bytes.Length - data)) return false;
            entry = new Entry { Mode = mode, DataOffset = data, DataLength = (int)size };
            next = Align4(data + (int)size);
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

        private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> path)
        {
            while (path.StartsWith("./") || path.StartsWith("/")) path = path.Slice(path[0] == '.' ? 2 : 1);
            return path;
        }

        private static ReadOnlySpan<byte> Normalize(ReadOnlySpan<byte> name)
        {
            while (name.StartsWith("./"u8) || name.StartsWith("/"u8)) name = name.Slice(name[0] == '.' ? 2 : 1);
            return name;
        }

        private static bool Matches(ReadOnlySpan<byte> name, ReadOnlySpan<char> text)
        {
            if (name.Length != text.Length) return false;
            for (int i = 0; i < name.Length; i++)
                if (name[i] != text[i]) return false;
            return true;
        }
    }
}
