using System;

namespace Lunix.Kernel.Diagnostics
{
    // A symbol that contains a looked-up address: its name (bytes of the symbol text) and how far in.
    public readonly ref struct SymbolMatch
    {
        public ReadOnlySpan<byte> Name { get; }
        public ulong Address { get; }
        public ulong Offset { get; }

        public SymbolMatch(ReadOnlySpan<byte> name, ulong address, ulong offset)
        {
            Name = name;
            Address = address;
            Offset = offset;
        }
    }

    // The crash reporter's address -> function lookup, over the symbol text written at build time:
    // `nm --defined-only --print-size --numeric-sort kernel.elf` filtered to code, one
    // "address size name" line per symbol (size may be missing), in address order.
    // The table holds a pointer to that text rather than a copy; the text must stay where it is for
    // the table's lifetime (a boot module the kernel keeps, or a pinned array in hosted tests).
    public sealed unsafe class SymbolTable
    {
        private const string CoreLibraryPrefix = "Lunix_CoreLib_";

        private readonly struct Entry
        {
            public readonly ulong Address;
            // 0 when nm gave none: the symbol then reaches up to the next one.
            public readonly ulong Size;
            public readonly int NameOffset;
            public readonly int NameLength;

            public Entry(ulong address, ulong size, int nameOffset, int nameLength)
            {
                Address = address;
                Size = size;
                NameOffset = nameOffset;
                NameLength = nameLength;
            }
        }

        private readonly byte* _text;
        private readonly int _length;
        private readonly Entry[] _entries;
        private readonly int _count;

        private SymbolTable(byte* text, int length, Entry[] entries, int count)
        {
            _text = text;
            _length = length;
            _entries = entries;
            _count = count;
        }

        // Distinct addresses in the table: aliases at one address are one entry.
        public int Count => _count;

        private ReadOnlySpan<byte> Text => new ReadOnlySpan<byte>(_text, _length);

        public static bool TryParse(byte* text, int length, out SymbolTable table, out string error)
        {
            table = null;
            var bytes = new ReadOnlySpan<byte>(text, length);
            int lines = 1;
            foreach (byte b in bytes) if (b == '\n') lines++;
            var entries = new Entry[lines];
            int count = 0;
            int lineStart = 0;
            for (int lineNumber = 1; lineStart < bytes.Length; lineNumber++)
            {
                int lineLength = bytes.Slice(lineStart).IndexOf((byte)'\n');
                if (lineLength < 0) lineLength = bytes.Length - lineStart;
                error = ParseLine(bytes, lineStart, lineLength, entries, ref count);
                if (error != null)
                {
                    error = string.Concat("line ", lineNumber.ToString(), ": ", error);
                    return false;
                }
                lineStart += lineLength + 1;
            }
            table = new SymbolTable(text, length, entries, count);
            error = null;
            return true;
        }

        // Parses one line into entries[count], or into entries[count - 1] when it is an alias of
        // the previous address. Returns an error message, or null.
        private static string ParseLine(ReadOnlySpan<byte> text, int lineStart, int lineLength, Entry[] entries, ref int count)
        {
            ReadOnlySpan<byte> line = text.Slice(lineStart, lineLength);
            Span<int> starts = stackalloc int[3];
            Span<int> lengths = stackalloc int[3];
            int fields = 0;
            int pos = 0;
            while (true)
            {
                while (pos < line.Length && IsBlank(line[pos])) pos++;
                if (pos == line.Length) break;
                if (fields == 3) return "more than three fields";
                starts[fields] = pos;
                while (pos < line.Length && !IsBlank(line[pos])) pos++;
                lengths[fields] = pos - starts[fields];
                fields++;
            }
            if (fields == 0) return null;
            if (fields == 1) return "expected an address, a size and a name";
            if (!TryParseHex(line.Slice(starts[0], lengths[0]), out ulong address)) return "bad address";
            ulong size = 0;
            if (fields == 3 && !TryParseHex(line.Slice(starts[1], lengths[1]), out size)) return "bad size";
            int name = fields - 1;
            var entry = new Entry(address, size, lineStart + starts[name], lengths[name]);
            if (count > 0)
            {
                Entry previous = entries[count - 1];
                if (address < previous.Address) return "not sorted by address";
                if (address == previous.Address)
                {
                    entries[count - 1] = Preferred(text, previous, entry);
                    return null;
                }
            }
            entries[count++] = entry;
            return null;
        }

        // Of two names for one address, the managed (mangled, "__"-bearing) one says more than an
        // export alias such as KernelEntry; among equals the longer wins. Sizes should agree; keep the larger.
        private static Entry Preferred(ReadOnlySpan<byte> text, Entry a, Entry b)
        {
            bool aManaged = IndexOfDoubleUnderscore(text.Slice(a.NameOffset, a.NameLength)) >= 0;
            bool bManaged = IndexOfDoubleUnderscore(text.Slice(b.NameOffset, b.NameLength)) >= 0;
            bool takeB = aManaged != bManaged ? bManaged : b.NameLength > a.NameLength;
            Entry name = takeB ? b : a;
            return new Entry(a.Address, a.Size > b.Size ? a.Size : b.Size, name.NameOffset, name.NameLength);
        }

        // Finds the symbol containing address: the nearest one at or below it, if address is
        // within its size. Before the first symbol or past the end of one is "not found"; the last
        // symbol, when nm gave it no size, matches only its own address.
        public bool TryLookup(ulong address, out SymbolMatch match)
        {
            match = default;
            int low = 0, high = _count - 1, found = -1;
            while (low <= high)
            {
                int middle = low + (high - low) / 2;
                if (_entries[middle].Address <= address) { found = middle; low = middle + 1; }
                else high = middle - 1;
            }
            if (found < 0) return false;
            Entry entry = _entries[found];
            ulong offset = address - entry.Address;
            ulong extent = entry.Size != 0 ? entry.Size
                : found + 1 < _count ? _entries[found + 1].Address - entry.Address : 1;
            if (offset >= extent) return false;
            match = new SymbolMatch(Text.Slice(entry.NameOffset, entry.NameLength), entry.Address, offset);
            return true;
        }

        // Turns an ILC-mangled name back into C#'s dotted form, into destination; returns the chars
        // written (truncated to fit). ILC writes Ns.Type.Method of assembly Asm as Asm_Ns_Type__Method.
        // Our namespaces repeat the assembly name (Lunix_Kernel_Lunix_Kernel_Entry__KernelEntry ->
        // Lunix.Kernel.Entry.KernelEntry); the core library's do not (Lunix_CoreLib_System_Buffer__Memmove
        // -> System.Buffer.Memmove). Names without "__" are not managed and are copied unchanged.
        public static int Prettify(ReadOnlySpan<byte> mangled, Span<char> destination)
        {
            int separator = IndexOfDoubleUnderscore(mangled);
            int start = 0;
            if (separator >= 0)
            {
                start = RepeatedPrefixLength(mangled, separator);
                if (start == 0 && StartsWith(mangled, CoreLibraryPrefix)) start = CoreLibraryPrefix.Length;
            }
            int written = 0;
            for (int i = start; i < mangled.Length && written < destination.Length; i++)
            {
                char c = (char)mangled[i];
                if (separator >= 0 && c == '_')
                {
                    c = '.';
                    if (i + 1 < mangled.Length && mangled[i + 1] == '_') i++;
                }
                destination[written++] = c;
            }
            return written;
        }

        // The length of the shortest prefix P ending in '_' with the name starting P+P, both copies
        // before the "__" that ends the type; 0 when there is none.
        private static int RepeatedPrefixLength(ReadOnlySpan<byte> name, int separator)
        {
            for (int i = 0; i < separator; i++)
            {
                if (name[i] != '_') continue;
                int length = i + 1;
                if (2 * length > separator) return 0;
                if (name.Slice(0, length).SequenceEqual(name.Slice(length, length))) return length;
            }
            return 0;
        }

        private static int IndexOfDoubleUnderscore(ReadOnlySpan<byte> name)
        {
            for (int i = 0; i + 1 < name.Length; i++)
                if (name[i] == '_' && name[i + 1] == '_') return i;
            return -1;
        }

        private static bool StartsWith(ReadOnlySpan<byte> name, string prefix)
        {
            if (name.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
                if (name[i] != prefix[i]) return false;
            return true;
        }

        private static bool IsBlank(byte b) => b == ' ' || b == '\t' || b == '\r';

        // 1 to 16 hex digits, as nm prints addresses and sizes.
        private static bool TryParseHex(ReadOnlySpan<byte> digits, out ulong value)
        {
            value = 0;
            if (digits.Length == 0 || digits.Length > 16) return false;
            foreach (byte b in digits)
            {
                uint digit;
                if (b >= '0' && b <= '9') digit = (uint)(b - '0');
                else if (b >= 'a' && b <= 'f') digit = (uint)(b - 'a' + 10);
                else if (b >= 'A' && b <= 'F') digit = (uint)(b - 'A' + 10);
                else return false;
                value = value << 4 | digit;
            }
            return true;
        }
    }
}
