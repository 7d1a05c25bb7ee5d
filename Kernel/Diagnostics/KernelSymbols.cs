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

        // The pretty name of the symbol at an address, or 0 characters when unknown. A
        // MethodTable symbol (_ZTV<length><type>) gives the type's name.
        public static int NameOf(ulong address, Span<char> destination)
        {
            if (s_table == null || !s_table.TryLookup(address, out SymbolMatch match)) return 0;
            ReadOnlySpan<byte> name = match.Name;
            if (name.StartsWith("_ZTV"u8))
            {
                int digits = 4;
                while (digits < name.Length && name[digits] >= '0' && name[digits] <= '9') digits++;
                name = name.Slice(digits);
            }
            return SymbolTable.Prettify(name, destination);
        }
    }
}
