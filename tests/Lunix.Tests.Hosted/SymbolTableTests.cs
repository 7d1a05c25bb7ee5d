using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Lunix.Kernel.Diagnostics;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public unsafe class SymbolTableTests
    {
        // Lines as the build writes them for kernel.elf, export aliases included.
        private const string KernelSymbols =
            "ffffffff8020a160 000000000000009d Lunix_Arch_X86_Lunix_Arch_X86_Serial__Initialize\n" +
            "ffffffff8020a200 0000000000000089 Lunix_Arch_X86_Lunix_Arch_X86_Serial__Write\n" +
            "ffffffff8020a2a0 0000000000000091 Lunix_CoreLib_System_Buffer__Memmove\n" +
            "ffffffff8020a340 0000000000000008 Lunix_CoreLib_Internal_Runtime_Allocation__RhpNewFast\n" +
            "ffffffff8020a340 0000000000000008 RhpNewFast\n" +
            "ffffffff8020a7a0 000000000000009d KernelEntry\n" +
            "ffffffff8020a7a0 000000000000009d Lunix_Kernel_Lunix_Kernel_Entry__KernelEntry\n" +
            "ffffffff8020a8c0 0000000000000068 Lunix_Kernel_Lunix_Kernel_Entry__Trap\n" +
            "ffffffff8020a8c0 0000000000000068 lunix_trap\n";

        private static SymbolTable Parse(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.True(SymbolTable.TryParse(PinnedBytes.Copy(bytes), bytes.Length, out SymbolTable table, out string error), error);
            Assert.Null(error);
            return table;
        }

        private static string ParseError(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.False(SymbolTable.TryParse(PinnedBytes.Copy(bytes), bytes.Length, out SymbolTable table, out string error));
            Assert.Null(table);
            return error;
        }

        private static (string Name, ulong Offset)? Lookup(SymbolTable table, ulong address)
        {
            if (!table.TryLookup(address, out SymbolMatch match)) return null;
            return (Encoding.ASCII.GetString(match.Name), match.Offset);
        }

        private static string Pretty(string mangled, int room = 256)
        {
            Span<char> buffer = stackalloc char[room];
            int length = SymbolTable.Prettify(Encoding.ASCII.GetBytes(mangled), buffer);
            return new string(buffer.Slice(0, length));
        }

        [Fact]
        public void AliasesAtOneAddressAreOneEntry()
        {
            Assert.Equal(6, Parse(KernelSymbols).Count);
        }

        [Fact]
        public void FindsTheSymbolAndOffset()
        {
            SymbolTable table = Parse(KernelSymbols);
            Assert.Equal(("Lunix_Arch_X86_Lunix_Arch_X86_Serial__Initialize", 0UL), Lookup(table, 0xffffffff8020a160));
            Assert.Equal(("Lunix_Arch_X86_Lunix_Arch_X86_Serial__Write", 0x88UL), Lookup(table, 0xffffffff8020a288));
            Assert.Equal(("Lunix_CoreLib_System_Buffer__Memmove", 0x10UL), Lookup(table, 0xffffffff8020a2b0));
        }

        [Fact]
        public void MatchGivesTheSymbolsStart()
        {
            Assert.True(Parse(KernelSymbols).TryLookup(0xffffffff8020a2b0, out SymbolMatch match));
            Assert.Equal(0xffffffff8020a2a0UL, match.Address);
        }

        [Fact]
        public void PrefersTheManagedNameOfAnAliasInEitherOrder()
        {
            SymbolTable table = Parse(KernelSymbols);
            Assert.Equal("Lunix_Kernel_Lunix_Kernel_Entry__KernelEntry", Lookup(table, 0xffffffff8020a7a0)?.Name);
            Assert.Equal("Lunix_Kernel_Lunix_Kernel_Entry__Trap", Lookup(table, 0xffffffff8020a8c4)?.Name);
            Assert.Equal("Lunix_CoreLib_Internal_Runtime_Allocation__RhpNewFast", Lookup(table, 0xffffffff8020a347)?.Name);
        }

        [Fact]
        public void AmongUnmanagedAliasesTheLongerWins()
        {
            SymbolTable table = Parse("1000 10 ab\n1000 10 abcd\n1000 10 abc\n");
            Assert.Equal("abcd", Lookup(table, 0x1004)?.Name);
        }

        [Theory]
        [InlineData(0xffffffff8020a15fUL)] // before the first symbol
        [InlineData(0xffffffff8020a1fdUL)] // just past Initialize, in the padding before Write
        [InlineData(0xffffffff8020a2a0UL - 0x17)] // past Write's size
        [InlineData(0xffffffff8020a928UL)] // one past the last symbol's end
        [InlineData(0xffffffffffffffffUL)]
        [InlineData(0UL)]
        public void AddressesOutsideEverySymbolAreNotFound(ulong address)
        {
            Assert.Null(Lookup(Parse(KernelSymbols), address));
        }

        [Fact]
        public void LastByteOfASymbolIsFound()
        {
            Assert.Equal(("Lunix_Kernel_Lunix_Kernel_Entry__Trap", 0x67UL), Lookup(Parse(KernelSymbols), 0xffffffff8020a927));
        }

        [Fact]
        public void SymbolWithoutSizeReachesTheNextOne()
        {
            SymbolTable table = Parse("1000 start\n1040 0000000000000010 next\n2000 last\n");
            Assert.Equal(("start", 0x3fUL), Lookup(table, 0x103f));
            Assert.Equal(("next", 0UL), Lookup(table, 0x1040));
            Assert.Null(Lookup(table, 0x1050));
            // Nothing says how long the last one is: only its own address matches.
            Assert.Equal(("last", 0UL), Lookup(table, 0x2000));
            Assert.Null(Lookup(table, 0x2001));
        }

        [Fact]
        public void SizeZeroMeansUpToTheNextSymbol()
        {
            SymbolTable table = Parse("1000 0 a\n1100 8 b\n");
            Assert.Equal(("a", 0xffUL), Lookup(table, 0x10ff));
        }

        [Fact]
        public void ToleratesCrLfTabsAndBlankLines()
        {
            SymbolTable table = Parse("\r\n1000\t20\tfirst\r\n\n  2000 20 second  \r\n");
            Assert.Equal(2, table.Count);
            Assert.Equal(("first", 0x1fUL), Lookup(table, 0x101f));
            Assert.Equal(("second", 0UL), Lookup(table, 0x2000));
        }

        [Fact]
        public void EmptyTextIsAnEmptyTable()
        {
            SymbolTable table = Parse("");
            Assert.Equal(0, table.Count);
            Assert.Null(Lookup(table, 0x1000));
        }

        [Fact]
        public void SingleSymbol()
        {
            SymbolTable table = Parse("ffffffff80200000 0000000000000010 only");
            Assert.Equal(("only", 0xfUL), Lookup(table, 0xffffffff8020000f));
            Assert.Null(Lookup(table, 0xffffffff80200010));
        }

        [Theory]
        [InlineData("1000 10 a\nxyz 10 b\n", "line 2: bad address")]
        [InlineData("1000 zz a\n", "line 1: bad size")]
        [InlineData("10000000000000000 10 a\n", "line 1: bad address")]
        [InlineData("2000 10 a\n1000 10 b\n", "line 2: not sorted by address")]
        [InlineData("1000 10 a b\n", "line 1: more than three fields")]
        [InlineData("\n\n1000\n", "line 3: expected an address, a size and a name")]
        public void MalformedTextIsAnError(string text, string error)
        {
            Assert.Equal(error, ParseError(text));
        }

        [Fact]
        public void LookupMatchesEveryLineOfTheSample()
        {
            SymbolTable table = Parse(KernelSymbols);
            foreach (string line in KernelSymbols.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] fields = line.Split(' ');
                ulong address = Convert.ToUInt64(fields[0], 16);
                ulong size = Convert.ToUInt64(fields[1], 16);
                Assert.NotNull(Lookup(table, address));
                Assert.Equal(size - 1, Lookup(table, address + size - 1)?.Offset);
            }
        }

        [Theory]
        [InlineData("Lunix_Kernel_Lunix_Kernel_Entry__KernelEntry", "Lunix.Kernel.Entry.KernelEntry")]
        [InlineData("Lunix_Arch_X86_Lunix_Arch_X86_Serial__Initialize", "Lunix.Arch.X86.Serial.Initialize")]
        [InlineData("Lunix_CoreLib_System_Buffer__Memmove", "System.Buffer.Memmove")]
        [InlineData("Lunix_CoreLib_Internal_Runtime_Allocation__RhpNewFast", "Internal.Runtime.Allocation.RhpNewFast")]
        [InlineData("Lunix_Kernel_Lunix_Kernel_Boot_BootInfo__TryParse", "Lunix.Kernel.Boot.BootInfo.TryParse")]
        [InlineData("Server_Server_Main__Run", "Server.Main.Run")]
        [InlineData("Other_Ns_Type__Method", "Other.Ns.Type.Method")]
        [InlineData("lunix_trap", "lunix_trap")]
        [InlineData("RhpNewFast", "RhpNewFast")]
        [InlineData("KernelEntry", "KernelEntry")]
        [InlineData("__managed__Startup", ".managed.Startup")]
        [InlineData("", "")]
        public void PrettifiesManagedNamesAndLeavesOthers(string mangled, string pretty)
        {
            Assert.Equal(pretty, Pretty(mangled));
        }

        [Fact]
        public void PrettifyTruncatesToTheDestination()
        {
            Assert.Equal("System.Buf", Pretty("Lunix_CoreLib_System_Buffer__Memmove", 10));
            Assert.Equal("lunix", Pretty("lunix_trap", 5));
            Assert.Equal("", Pretty("lunix_trap", 0));
        }

        // The symbol file of the last kernel build, when there is one: every symbol is found at its
        // own address, under one of the names nm gives for that address.
        [FactRequiringFile("iso/build/kernel.sym")]
        public void ParsesTheBuiltKernelsSymbols()
        {
            string text = File.ReadAllText(RepositoryPaths.Resolve("iso/build/kernel.sym"));
            var names = new Dictionary<ulong, HashSet<string>>();
            foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ulong address = Convert.ToUInt64(fields[0], 16);
                if (!names.TryGetValue(address, out var set)) names[address] = set = new HashSet<string>();
                set.Add(fields[^1]);
            }
            SymbolTable table = Parse(text);
            Assert.Equal(names.Count, table.Count);
            foreach (var (address, aliases) in names)
            {
                var found = Lookup(table, address);
                Assert.NotNull(found);
                Assert.Equal(0UL, found.Value.Offset);
                Assert.Contains(found.Value.Name, aliases);
            }
        }
    }
}
