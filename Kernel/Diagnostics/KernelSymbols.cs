using System;

namespace Lunix.Kernel.Diagnostics
{
    // The kernel's own symbol table, loaded from the "symbols" boot module. Without it, crash
    // reports still print raw addresses.
    public static class KernelSymbols
    {
        private static SymbolTable s_table;

        public static void Load(SymbolTable table) => s_table = table;

        public static int SymbolCount => s_table?.Count ?? 0;

        // Writes "Name+0xoffset" (or the bare address) for a code address; returns the length.
        public static int Describe(ulong address, Span<char> destination)
        {
            if (s_table != null && s_table.TryLookup(address, out SymbolMatch match))
            {
                int length = SymbolTable.Prettify(match.Name, destination);
                return length + Printf.Format(destination.Slice(length), "+0x%x", (ulong)match.Offset);
            }
            return Printf.Format(destination, "0x%016lx", address);
        }

        // The pretty name of the symbol at an address, or 0 characters when unknown.
        public static int NameOf(ulong address, Span<char> destination)
        {
            if (s_table == null || !s_table.TryLookup(address, out SymbolMatch match)) return 0;
            ReadOnlySpan<byte> name = match.Name;
            return name.StartsWith("_ZTV"u8) ? TypeName(name, destination) : SymbolTable.Prettify(name, destination);
        }

        // A MethodTable symbol, _ZTV<length><assembly>_<namespace>_<type>, names a type:
        // Lunix_CoreLib_System_IndexOutOfRangeException -> System.IndexOutOfRangeException.
        private static int TypeName(ReadOnlySpan<byte> symbol, Span<char> destination)
        {
            int start = 4;
            while (start < symbol.Length && symbol[start] >= '0' && symbol[start] <= '9') start++;
            ReadOnlySpan<byte> name = symbol.Slice(start);
            if (name.StartsWith("Lunix_CoreLib_"u8)) name = name.Slice("Lunix_CoreLib_"u8.Length);
            // Our namespaces repeat the assembly name: drop the assembly's copy.
            for (int i = 1; i < name.Length / 2; i++)
                if (name[i - 1] == '_' && name.Slice(i).StartsWith(name.Slice(0, i))) { name = name.Slice(i); break; }
            int length = Math.Min(name.Length, destination.Length);
            for (int i = 0; i < length; i++) destination[i] = name[i] == '_' ? '.' : (char)name[i];
            return length;
        }
    }
}
