using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lunix.Kernel.Diagnostics;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public unsafe class EhFrameUnwinderTests
    {
        private const string KernelElf = "iso/build/kernel.elf";
        private const string KernelSymbols = "iso/build/kernel.sym";
        // Where the synthetic functions are, and the stack pointer their frames are built at.
        private const ulong Code = 0x20000;
        private const ulong Sp = 0x70000;

        // Stack memory made of the slots a test fills in; any other read is refused.
        private sealed class FakeStack : IStackMemory
        {
            private readonly Dictionary<ulong, ulong> _slots = new Dictionary<ulong, ulong>();
            public ulong this[ulong address] { set => _slots[address] = value; }
            public bool TryRead(ulong address, out ulong value) => _slots.TryGetValue(address, out value);
        }

        // Answers every read in a window around Sp with a value derived from the address.
        private sealed class PatternStack : IStackMemory
        {
            public static ulong ValueAt(ulong address) => address ^ 0xA5A5000000000000;
            public bool TryRead(ulong address, out ulong value)
            {
                value = ValueAt(address);
                return address >= Sp - 0x10000 && address < Sp + 0x10000;
            }
        }

        private static EhFrameUnwinder Unwinder(byte[] section, ulong address = EhFrameBuilder.SectionAddress)
            => new EhFrameUnwinder(PinnedBytes.Copy(section), section.Length, address);

        private static UnwindRegisters Frame(ulong rip, ulong rsp = Sp, ulong rbp = 0xBB00, ulong rbx = 0xB0B0)
            => new UnwindRegisters { Rip = rip, Rsp = rsp, Rbp = rbp, Rbx = rbx, R12 = 0x1212, R13 = 0x1313, R14 = 0x1414, R15 = 0x1515 };

        // push rbp; push rbx; sub rsp, 32; body. At Code, 0x40 bytes.
        private static byte[] PushesAndSub()
        {
            var builder = new EhFrameBuilder();
            int cie = builder.Cie();
            builder.Fde(cie, Code, 0x40,
                Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(16), Cfa.Offset(6, 2),
                Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(24), Cfa.Offset(3, 3),
                Cfa.AdvanceLoc(4), Cfa.DefCfaOffset(56));
            return builder.ToArray();
        }

        // ------------------------------------------------------------------ synthetic frames

        [Fact]
        public void UnwindsTheBodyOfAFunctionThatPushesAndReservesStack()
        {
            var stack = new FakeStack { [Sp + 48] = 0x30005, [Sp + 40] = 0x8000, [Sp + 32] = 0x1234 };
            UnwindRegisters registers = Frame(Code + 0x10);
            Assert.True(Unwinder(PushesAndSub()).TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.Equal(0x30005UL, registers.Rip);
            Assert.Equal(Sp + 56, registers.Rsp);
            Assert.Equal(0x8000UL, registers.Rbp);
            Assert.Equal(0x1234UL, registers.Rbx);
            Assert.Equal(0x1212UL, registers.R12);
        }

        [Theory]
        [InlineData(0, 8, false, false)]   // nothing pushed yet
        [InlineData(1, 16, true, false)]   // after push rbp
        [InlineData(2, 24, true, true)]    // after push rbx
        public void UnwindsInsideThePrologue(int offset, int cfaOffset, bool rbpSaved, bool rbxSaved)
        {
            ulong cfa = Sp + (ulong)cfaOffset;
            var stack = new FakeStack { [cfa - 8] = 0x30005, [cfa - 16] = 0x8000, [cfa - 24] = 0x1234 };
            UnwindRegisters registers = Frame(Code + (ulong)offset);
            Assert.True(Unwinder(PushesAndSub()).TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.Equal(0x30005UL, registers.Rip);
            Assert.Equal(cfa, registers.Rsp);
            Assert.Equal(rbpSaved ? 0x8000UL : 0xBB00UL, registers.Rbp);
            Assert.Equal(rbxSaved ? 0x1234UL : 0xB0B0UL, registers.Rbx);
        }

        [Fact]
        public void ACallersPcIsLookedUpBeforeTheReturnAddress()
        {
            // The call was the function's last instruction: its return address is one past the end.
            EhFrameUnwinder unwinder = Unwinder(PushesAndSub());
            var stack = new FakeStack { [Sp + 48] = 0x30005, [Sp + 40] = 0x8000, [Sp + 32] = 0x1234 };
            UnwindRegisters registers = Frame(Code + 0x40);
            Assert.False(unwinder.TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.True(unwinder.TryUnwind(ref registers, stack, isCallerFrame: true));
            Assert.Equal(0x30005UL, registers.Rip);
        }

        [Fact]
        public void UnwindsAFrameAddressedThroughRbp()
        {
            // push rbp; mov rbp, rsp; push rbx; sub rsp, 40.
            var builder = new EhFrameBuilder();
            int cie = builder.Cie();
            builder.Fde(cie, Code, 0x40,
                Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(16), Cfa.Offset(6, 2),
                Cfa.AdvanceLoc(3), Cfa.DefCfaRegister(6),
                Cfa.AdvanceLoc(1), Cfa.Offset(3, 3));
            const ulong rbp = Sp + 0x30;
            var stack = new FakeStack { [rbp + 8] = 0x30005, [rbp] = 0x8000, [rbp - 8] = 0x1234 };
            UnwindRegisters registers = Frame(Code + 0x20, rbp: rbp);
            Assert.True(Unwinder(builder.ToArray()).TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.Equal(0x30005UL, registers.Rip);
            Assert.Equal(rbp + 16, registers.Rsp);
            Assert.Equal(0x8000UL, registers.Rbp);
            Assert.Equal(0x1234UL, registers.Rbx);
        }

        // push rbp; sub rsp, 32; body; add rsp, 32 (at 0x15); pop rbp (0x19); ret (0x1a); more body (0x1b).
        [Theory]
        [InlineData(0x10, 48, true)]
        [InlineData(0x19, 16, true)]
        [InlineData(0x1a, 8, false)]
        [InlineData(0x1c, 48, true)]
        public void RememberAndRestoreStateDescribeAnEpilogueInTheMiddle(int offset, int cfaOffset, bool rbpSaved)
        {
            var builder = new EhFrameBuilder();
            int cie = builder.Cie();
            builder.Fde(cie, Code, 0x40,
                Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(16), Cfa.Offset(6, 2),
                Cfa.AdvanceLoc(4), Cfa.DefCfaOffset(48),
                Cfa.AdvanceLoc1(0x14), Cfa.RememberState(), Cfa.DefCfaOffset(16),
                Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(8), Cfa.Restore(6),
                Cfa.AdvanceLoc(1), Cfa.RestoreState());
            ulong cfa = Sp + (ulong)cfaOffset;
            var stack = new FakeStack { [cfa - 8] = 0x30005, [cfa - 16] = 0x8000 };
            UnwindRegisters registers = Frame(Code + (ulong)offset);
            Assert.True(Unwinder(builder.ToArray()).TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.Equal(cfa, registers.Rsp);
            Assert.Equal(0x30005UL, registers.Rip);
            Assert.Equal(rbpSaved ? 0x8000UL : 0xBB00UL, registers.Rbp);
        }

        // Absolute pointers, set_loc, the long advances, the _sf forms, register and same_value
        // rules, GNU_args_size, and an undefined return address (the outermost frame).
        private static byte[] ExtendedOperations()
        {
            var builder = new EhFrameBuilder();
            int cie = builder.Cie(pointerEncoding: EhFrameBuilder.Absolute);
            builder.Fde(cie, Code, 0x20000,
                Cfa.AdvanceLoc1(2), Cfa.DefCfa(7, 16), Cfa.OffsetExtendedSf(6, 2), Cfa.Nop(),
                Cfa.AdvanceLoc2(0x100), Cfa.Register(3, 12), Cfa.GnuArgsSize(16),
                Cfa.AdvanceLoc4(0x10000), Cfa.DefCfaSf(6, -2), Cfa.SameValue(3),
                Cfa.SetLoc(Code + 0x18000), Cfa.Undefined(16));
            return builder.ToArray();
        }

        [Theory]
        [InlineData(0x50, Sp + 16, 0x8000UL, 0xB0B0UL)]
        [InlineData(0x200, Sp + 16, 0x8000UL, 0x1212UL)]
        [InlineData(0x10200, 0xBB00UL + 16, 0x8000UL, 0xB0B0UL)]
        public void ExtendedOperationsAreInterpreted(int offset, ulong cfa, ulong rbp, ulong rbx)
        {
            var stack = new FakeStack { [cfa - 8] = 0x30005, [cfa - 16] = 0x8000 };
            UnwindRegisters registers = Frame(Code + (ulong)offset);
            Assert.True(Unwinder(ExtendedOperations()).TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.Equal(cfa, registers.Rsp);
            Assert.Equal(0x30005UL, registers.Rip);
            Assert.Equal(rbp, registers.Rbp);
            Assert.Equal(rbx, registers.Rbx);
        }

        [Fact]
        public void AnUndefinedReturnAddressEndsTheStack()
        {
            var stack = new FakeStack { [0xBB00] = 0x8000 }; // CFA = RBP + 16, RBP saved at CFA - 16
            UnwindRegisters registers = Frame(Code + 0x18010);
            Assert.True(Unwinder(ExtendedOperations()).TryUnwind(ref registers, stack, isCallerFrame: false));
            Assert.Equal(0UL, registers.Rip);
        }

        [Fact]
        public void ARefusedReadFailsAndLeavesTheRegistersAlone()
        {
            UnwindRegisters registers = Frame(Code + 0x10);
            UnwindRegisters before = registers;
            Assert.False(Unwinder(PushesAndSub()).TryUnwind(ref registers, new FakeStack(), isCallerFrame: false));
            Assert.Equal(before, registers);
        }

        [Fact]
        public void IndexesFunctionsInAddressOrder()
        {
            var builder = new EhFrameBuilder();
            int cie = builder.Cie();
            builder.Fde(cie, Code + 0x200, 0x10);
            builder.Fde(cie, Code, 0x10);
            builder.Fde(cie, Code + 0x100, 0x10);
            EhFrameUnwinder unwinder = Unwinder(builder.ToArray());
            Assert.Equal(3, unwinder.FunctionCount);
            unwinder.GetFunction(1, out ulong start, out ulong end);
            Assert.Equal((Code + 0x100, Code + 0x110), (start, end));
            Assert.True(unwinder.TryFindFunction(Code + 0x20f, out start, out end));
            Assert.Equal(Code + 0x200, start);
            Assert.False(unwinder.TryFindFunction(Code + 0x10, out _, out _));
            Assert.False(unwinder.TryFindFunction(Code - 1, out _, out _));
        }

        // ------------------------------------------------------------------ malformed input

        private static void AssertCannotUnwind(byte[] section, ulong pc = Code + 0x10)
        {
            UnwindRegisters registers = Frame(pc);
            var stack = new PatternStack();
            Assert.False(Unwinder(section).TryUnwind(ref registers, stack, isCallerFrame: false));
        }

        [Fact]
        public void ACieTooShortForItsFieldsIndexesNothing()
        {
            // Length 6: the id, the version and an augmentation string with no terminating NUL.
            var builder = new EhFrameBuilder().Raw(EhFrameBuilder.U32(6)).Raw(EhFrameBuilder.U32(0)).Raw(1, (byte)'z');
            builder.Fde(0, Code, 0x40);
            byte[] section = builder.ToArray();
            Assert.Equal(0, Unwinder(section).FunctionCount);
            AssertCannotUnwind(section);
        }

        [Fact]
        public void ASectionCutShortKeepsTheWholeRecordsBeforeTheCut()
        {
            var builder = new EhFrameBuilder();
            int cie = builder.Cie();
            builder.Fde(cie, Code, 0x40, Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(16));
            builder.Fde(cie, Code + 0x100, 0x40, Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(16));
            byte[] whole = builder.ToArray(terminated: false);
            EhFrameUnwinder unwinder = Unwinder(whole[..^3]);
            Assert.Equal(1, unwinder.FunctionCount);
            Assert.False(unwinder.TryFindFunction(Code + 0x110, out _, out _));
        }

        [Fact]
        public void AnFdeWhoseCiePointerLeavesTheSectionIsIgnored()
        {
            var builder = new EhFrameBuilder();
            builder.Cie();
            builder.Fde(-0x1000, Code, 0x40);
            AssertCannotUnwind(builder.ToArray());
        }

        [Fact]
        public void AnFdeWhoseCiePointerNamesAnotherFdeIsIgnored()
        {
            var builder = new EhFrameBuilder();
            int cie = builder.Cie();
            int first = builder.Fde(cie, Code + 0x100, 0x40);
            builder.Fde(first, Code, 0x40);
            EhFrameUnwinder unwinder = Unwinder(builder.ToArray());
            Assert.Equal(1, unwinder.FunctionCount);
            Assert.False(unwinder.TryFindFunction(Code, out _, out _));
        }

        [Fact]
        public void ACieWithAnotherReturnAddressColumnIsRejected()
        {
            var builder = new EhFrameBuilder();
            builder.Fde(builder.Cie(returnAddressColumn: 15), Code, 0x40);
            AssertCannotUnwind(builder.ToArray());
        }

        [Fact]
        public void ACieWithoutZAugmentationIsRejected()
        {
            var builder = new EhFrameBuilder();
            builder.Fde(builder.Cie(augmentation: "eh"), Code, 0x40);
            AssertCannotUnwind(builder.ToArray());
        }

        public static IEnumerable<object[]> UnsupportedInstructions() => new[]
        {
            new object[] { Cfa.DefCfaExpression() },
            new object[] { new byte[] { 0x10, 0x06, 0x01, 0x70 } },       // DW_CFA_expression rbp
            new object[] { new byte[] { 0x16, 0x06, 0x01, 0x70 } },       // DW_CFA_val_expression rbp
            new object[] { new byte[] { 0x3f } },                         // DW_CFA_hi_user
            new object[] { Cfa.DefCfaRegister(0) },                       // CFA from rax, which is not tracked
            new object[] { new byte[] { 0x0e, 0x80 } },                   // ULEB cut by the record's end
            new object[] { Enumerable.Repeat(Cfa.RememberState()[0], 5).ToArray() },
            new object[] { Cfa.RestoreState() },
        };

        [Theory]
        [MemberData(nameof(UnsupportedInstructions))]
        public void UnsupportedOrMalformedInstructionsFailTheUnwind(byte[] instruction)
        {
            var builder = new EhFrameBuilder();
            builder.Fde(builder.Cie(), Code, 0x40, Cfa.AdvanceLoc(1), instruction);
            byte[] section = builder.ToArray();
            Assert.True(Unwinder(section).TryFindFunction(Code + 0x10, out _, out _));
            AssertCannotUnwind(section);
        }

        [Fact]
        public void InstructionsPastThePcAreNotInterpreted()
        {
            var builder = new EhFrameBuilder();
            builder.Fde(builder.Cie(), Code, 0x40, Cfa.AdvanceLoc(1), Cfa.DefCfaOffset(16), Cfa.AdvanceLoc(8), Cfa.DefCfaExpression());
            UnwindRegisters registers = Frame(Code + 4);
            Assert.True(Unwinder(builder.ToArray()).TryUnwind(ref registers, new PatternStack(), isCallerFrame: false));
            Assert.Equal(Sp + 16, registers.Rsp);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void RandomlyDamagedSectionsNeverThrow(int seed)
        {
            var random = new Random(seed);
            byte[] original = File.Exists(RepositoryPaths.Resolve(KernelElf)) ? ReadKernelEhFrame(out _, out _).Bytes : PushesAndSub();
            for (int round = 0; round < 200; round++)
            {
                byte[] damaged = (byte[])original.Clone();
                for (int i = 0; i < 1 + random.Next(8); i++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                if (random.Next(4) == 0) damaged = damaged[..random.Next(damaged.Length)];
                EhFrameUnwinder unwinder = Unwinder(damaged);
                for (int i = 0; i < unwinder.FunctionCount; i += 1 + random.Next(16))
                {
                    unwinder.GetFunction(i, out ulong start, out ulong end);
                    UnwindRegisters registers = Frame(start + (ulong)random.NextInt64() % (end - start));
                    unwinder.TryUnwind(ref registers, new PatternStack(), isCallerFrame: random.Next(2) == 0);
                }
            }
        }

        // ------------------------------------------------------------------ the kernel's own CFI

        private readonly record struct KernelEhFrame(byte[] Bytes, ulong Address);

        private static KernelEhFrame ReadKernelEhFrame(out ulong textStart, out ulong textEnd)
        {
            byte[] elf = File.ReadAllBytes(RepositoryPaths.Resolve(KernelElf));
            ElfSections.Section ehFrame = ElfSections.Find(elf, ".eh_frame");
            ElfSections.Section text = ElfSections.Find(elf, ".text");
            textStart = text.Address;
            textEnd = text.Address + (ulong)text.Size;
            return new KernelEhFrame(elf.AsSpan(ehFrame.FileOffset, ehFrame.Size).ToArray(), ehFrame.Address);
        }

        private static EhFrameUnwinder KernelUnwinder(out ulong textStart, out ulong textEnd)
        {
            KernelEhFrame section = ReadKernelEhFrame(out textStart, out textEnd);
            return Unwinder(section.Bytes, section.Address);
        }

        // Records whose id field is not zero, found by following the length fields alone.
        private static int CountFdeRecords(byte[] section)
        {
            int count = 0;
            for (int offset = 0; offset + 8 <= section.Length;)
            {
                uint length = BitConverter.ToUInt32(section, offset);
                if (length == 0) break;
                if (BitConverter.ToUInt32(section, offset + 4) != 0) count++;
                offset += 4 + (int)length;
            }
            return count;
        }

        [FactRequiringFile(KernelElf)]
        public void EveryFdeOfTheKernelIsIndexedAndLiesInText()
        {
            KernelEhFrame section = ReadKernelEhFrame(out ulong textStart, out ulong textEnd);
            EhFrameUnwinder unwinder = Unwinder(section.Bytes, section.Address);
            Assert.True(unwinder.FunctionCount > 100, $"only {unwinder.FunctionCount} functions");
            Assert.Equal(CountFdeRecords(section.Bytes), unwinder.FunctionCount);
            ulong previousEnd = 0;
            for (int i = 0; i < unwinder.FunctionCount; i++)
            {
                unwinder.GetFunction(i, out ulong start, out ulong end);
                Assert.True(start >= textStart && end <= textEnd, $"0x{start:x}..0x{end:x} is outside .text");
                Assert.True(start >= previousEnd, $"0x{start:x} overlaps the function before it");
                previousEnd = end;
            }
        }

        [FactRequiringFile(KernelElf)]
        public void KnownMethodsHaveTheirSymbolsRange()
        {
            EhFrameUnwinder unwinder = KernelUnwinder(out _, out _);
            string[] symbols = File.ReadAllLines(RepositoryPaths.Resolve(KernelSymbols));
            foreach (string name in new[] { "Lunix_Kernel_Lunix_Kernel_CrashTests__PageFault", "Lunix_Kernel_Lunix_Kernel_Boot_BootSequence__Run" })
            {
                string[] fields = symbols.Single(line => line.EndsWith(" " + name)).Split(' ');
                ulong address = Convert.ToUInt64(fields[0], 16), size = Convert.ToUInt64(fields[1], 16);
                Assert.True(unwinder.TryFindFunction(address + size / 2, out ulong start, out ulong end), name);
                Assert.Equal((address, address + size), (start, end));
            }
        }

        // Every function's CFI is made of supported instructions, and at its last byte gives a
        // CFA above the stack pointer with the return address just below it.
        [FactRequiringFile(KernelElf)]
        public void EveryKernelFunctionUnwindsFromItsLastByte()
        {
            EhFrameUnwinder unwinder = KernelUnwinder(out _, out _);
            for (int i = 0; i < unwinder.FunctionCount; i++)
            {
                unwinder.GetFunction(i, out _, out ulong end);
                UnwindRegisters registers = Frame(end - 1, rbp: Sp + 0x100);
                Assert.True(unwinder.TryUnwind(ref registers, new PatternStack(), isCallerFrame: false), $"function ending at 0x{end:x}");
                Assert.True(registers.Rsp > Sp, $"function ending at 0x{end:x}");
                Assert.Equal(PatternStack.ValueAt(registers.Rsp - 8), registers.Rip);
            }
        }
    }
}
