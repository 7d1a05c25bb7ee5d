using System;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Boot
{
    // The multiboot2 modules GRUB loaded (grub.cfg, generated from the manifest), kept for the
    // life of the system: their memory is reserved and never reused. Programs are found here by
    // module name, at boot (the kernel's boot table) and later (LOADPROGRAM, RS's service table).
    public static unsafe class BootModules
    {
        private static BootModule[] s_modules = Array.Empty<BootModule>();

        public static void Keep(BootInfo info) => s_modules = info.Modules;

        // One more module, from elsewhere than GRUB (FwCfgInitrd): physical [start, end), kept
        // like GRUB's. A module of the same name from GRUB stays first, so it wins.
        public static void Add(ulong start, ulong end, string name)
        {
            var modules = new BootModule[s_modules.Length + 1];
            for (int i = 0; i < s_modules.Length; i++) modules[i] = s_modules[i];
            modules[s_modules.Length] = new BootModule { Start = start, End = end, Name = name };
            s_modules = modules;
        }

        // The bytes of the module named `name`; false when there is none.
        public static bool TryFind(ReadOnlySpan<char> name, out ReadOnlySpan<byte> bytes)
        {
            foreach (BootModule module in s_modules)
            {
                if (!name.SequenceEqual(module.Name)) continue;
                bytes = new ReadOnlySpan<byte>(DirectMap.ToVirtual(module.Start), (int)(module.End - module.Start));
                return true;
            }
            bytes = default;
            return false;
        }

        // A program of the image: its ELF bytes from the module `module`, its symbols from the
        // module "<module>.symbols" when there is one (for its fault reports). The caller fills
        // in the rest (name, priority, privileges).
        public static bool TryProgram(ReadOnlySpan<char> module, out ProgramImage program)
        {
            program = null;
            if (!TryFind(module, out ReadOnlySpan<byte> elf)) return false;
            program = new ProgramImage();
            fixed (byte* file = elf) program.File = file;
            program.Length = elf.Length;
            Span<char> symbolsName = stackalloc char[module.Length + 8];
            module.CopyTo(symbolsName);
            ".symbols".AsSpan().CopyTo(symbolsName.Slice(module.Length));
            if (TryFind(symbolsName, out ReadOnlySpan<byte> symbols))
                fixed (byte* start = symbols)
                    if (SymbolTable.TryParse(start, symbols.Length, out SymbolTable table, out _)) program.Symbols = table;
            return true;
        }
    }
}
