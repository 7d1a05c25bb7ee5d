using System;

namespace Lunix.FileSystems.Iso9660
{
    // Names of records without Rock Ridge: Joliet's UCS-2 (big-endian) made UTF-8, and plain
    // ECMA-119 names mapped as Linux's default `map=normal` does (isofs_name_translate): lower
    // case, the version ";1" dropped with a "." left before it, any other ';' made '.'.
    // Results are the name's length in `into`, or -1 when it does not fit.
    public static class IsoNames
    {
        public static int Plain(ReadOnlySpan<byte> name, Span<byte> into)
        {
            int length = 0;
            for (int i = 0; i < name.Length; i++)
            {
                byte c = name[i];
                if (c == '.' && i == name.Length - 3 && name[i + 1] == ';' && name[i + 2] == '1') break;
                if (c == ';' && i == name.Length - 2 && name[i + 1] == '1') break;
                if (c == ';') c = (byte)'.';
                else if (c >= 'A' && c <= 'Z') c = (byte)(c + ('a' - 'A'));
                if (length == into.Length) return -1;
                into[length++] = c;
            }
            return length;
        }

        // Joliet (the Supplementary Volume Descriptor's escape sequences %/@ %/C %/E): UCS-2 with
        // UTF-16's surrogate pairs taken as one character, then ";1" and trailing dots dropped as
        // Linux's get_joliet_filename does. A lone surrogate becomes '?'.
        public static int Joliet(ReadOnlySpan<byte> name, Span<byte> into)
        {
            int length = 0;
            for (int i = 0; i + 1 < name.Length; i += 2)
            {
                uint c = (uint)(name[i] << 8 | name[i + 1]);
                if (c >= 0xD800 && c < 0xDC00 && i + 3 < name.Length)
                {
                    uint low = (uint)(name[i + 2] << 8 | name[i + 3]);
                    if (low >= 0xDC00 && low < 0xE000)
                    {
                        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                        i += 2;
                    }
                }
                if (c >= 0xD800 && c < 0xE000) c = '?';
                if (c == 0 || c == '/') c = '_';
                int wrote = Utf8(c, into.Slice(length));
                if (wrote < 0) return -1;
                length += wrote;
            }
            if (length >= 2 && into[length - 2] == ';' && into[length - 1] == '1') length -= 2;
            while (length >= 2 && into[length - 1] == '.') length--;
            return length;
        }

        private static int Utf8(uint c, Span<byte> into)
        {
            if (c < 0x80)
            {
                if (into.Length < 1) return -1;
                into[0] = (byte)c;
                return 1;
            }
            if (c < 0x800)
            {
                if (into.Length < 2) return -1;
                into[0] = (byte)(0xC0 | c >> 6);
                into[1] = (byte)(0x80 | c & 0x3F);
                return 2;
            }
            if (c < 0x10000)
            {
                if (into.Length < 3) return -1;
                into[0] = (byte)(0xE0 | c >> 12);
                into[1] = (byte)(0x80 | c >> 6 & 0x3F);
                into[2] = (byte)(0x80 | c & 0x3F);
                return 3;
            }
            if (into.Length < 4) return -1;
            into[0] = (byte)(0xF0 | c >> 18);
            into[1] = (byte)(0x80 | c >> 12 & 0x3F);
            into[2] = (byte)(0x80 | c >> 6 & 0x3F);
            into[3] = (byte)(0x80 | c & 0x3F);
            return 4;
        }
    }
}
