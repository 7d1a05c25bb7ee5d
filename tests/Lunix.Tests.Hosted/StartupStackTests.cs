using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Lunix.Servers.Pm;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // PM's start-up stack read back as musl's _start and __libc_start_main read it: argc, argv,
    // envp and auxv from rsp, every pointer an address in the new process below the stack's top.
    public class StartupStackTests
    {
        private const ulong Top = 0x7FFF_FFFF_F000;

        private static (byte[] Buffer, int Length) Build(string arguments, string environment, int size = 4096)
        {
            var buffer = new byte[size];
            var stack = new StartupStack(buffer, Top);
            var program = new StartupStack.Program
            {
                ProgramHeaders = 0x400040, ProgramHeaderSize = 56, ProgramHeaderCount = 9, Entry = 0x401000,
                Hwcap = 0x178BFBFF, ClockTicks = 100,
            };
            bool built = stack.Build(Encoding.ASCII.GetBytes(arguments), Encoding.ASCII.GetBytes(environment),
                                     "/bin/prog"u8, new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, in program, out int length);
            return (built ? buffer : null!, built ? length : -1);
        }

        private static ulong Word(byte[] buffer, ulong address) =>
            BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(Offset(buffer, address), 8));

        private static int Offset(byte[] buffer, ulong address) => buffer.Length - (int)(Top - address);

        private static string String(byte[] buffer, ulong address)
        {
            int at = Offset(buffer, address), end = Array.IndexOf(buffer, (byte)0, at);
            return Encoding.ASCII.GetString(buffer, at, end - at);
        }

        [Fact]
        public void ArgumentsEnvironmentAndAuxiliaryVectorReadBackAsTheProgramSeesThem()
        {
            var (buffer, length) = Build("sh\0-c\0echo hi\0", "PATH=/bin\0HOME=/root\0");
            ulong rsp = Top - (ulong)length;
            Assert.Equal(0ul, rsp % 16);
            Assert.Equal(3ul, Word(buffer, rsp));
            Assert.Equal(new[] { "sh", "-c", "echo hi" }, new[] { 1, 2, 3 }.Select(i => String(buffer, Word(buffer, rsp + (ulong)i * 8))));
            Assert.Equal(0ul, Word(buffer, rsp + 32));
            Assert.Equal("PATH=/bin", String(buffer, Word(buffer, rsp + 40)));
            Assert.Equal("HOME=/root", String(buffer, Word(buffer, rsp + 48)));
            Assert.Equal(0ul, Word(buffer, rsp + 56));

            var auxv = new Dictionary<ulong, ulong>();
            for (ulong at = rsp + 64; ; at += 16)
            {
                ulong type = Word(buffer, at);
                if (type == StartupStack.AtNull) break;
                Assert.False(auxv.ContainsKey(type), $"auxv type {type} twice");
                auxv[type] = Word(buffer, at + 8);
            }
            Assert.Equal(0x400040ul, auxv[StartupStack.AtPhdr]);
            Assert.Equal(56ul, auxv[StartupStack.AtPhent]);
            Assert.Equal(9ul, auxv[StartupStack.AtPhnum]);
            Assert.Equal(4096ul, auxv[StartupStack.AtPagesz]);
            Assert.Equal(0x401000ul, auxv[StartupStack.AtEntry]);
            Assert.Equal(100ul, auxv[StartupStack.AtClktck]);
            Assert.Equal(0x178BFBFFul, auxv[StartupStack.AtHwcap]);
            Assert.Equal(0ul, auxv[StartupStack.AtSecure]);
            foreach (var id in new[] { StartupStack.AtUid, StartupStack.AtEuid, StartupStack.AtGid, StartupStack.AtEgid, StartupStack.AtHwcap2 })
                Assert.True(auxv.ContainsKey(id), $"auxv type {id} missing");
            Assert.Equal("/bin/prog", String(buffer, auxv[StartupStack.AtExecfn]));
            Assert.Equal("x86_64", String(buffer, auxv[StartupStack.AtPlatform]));
            Assert.Equal(Enumerable.Range(1, 16).Select(i => (byte)i), buffer.AsSpan(Offset(buffer, auxv[StartupStack.AtRandom]), 16).ToArray());
        }

        [Fact]
        public void NoArgumentsGivesArgcZeroAndEmptyLists()
        {
            var (buffer, length) = Build("", "");
            ulong rsp = Top - (ulong)length;
            Assert.Equal(0ul, Word(buffer, rsp));
            Assert.Equal(0ul, Word(buffer, rsp + 8));
            Assert.Equal(0ul, Word(buffer, rsp + 16));
            Assert.Equal(StartupStack.AtPhdr, Word(buffer, rsp + 24));
        }

        [Theory]
        [InlineData(64)]
        [InlineData(300)]
        [InlineData(500)]
        public void ArgumentsThatDoNotFitAreRefusedNotWrittenPastTheBuffer(int size)
        {
            var (_, length) = Build(new string('a', 400) + "\0", "X=1\0", size);
            Assert.Equal(-1, length);
        }
    }
}

namespace Lunix.Tests.Hosted
{
    // init's arguments from the command line's tail after `--`, split as Linux splits them.
    public class InitArgumentsTests
    {
        private static string[] Split(string text, int capacity = 256)
        {
            var list = new byte[capacity];
            "/bin/sh\0"u8.CopyTo(list);
            int used = Lunix.Servers.Pm.InitArguments.Append(System.Text.Encoding.ASCII.GetBytes(text), list, 8);
            return used < 0 ? null! : System.Text.Encoding.ASCII.GetString(list, 0, used).TrimEnd('\0').Split('\0');
        }

        [Theory]
        [InlineData("", new[] { "/bin/sh" })]
        [InlineData("   ", new[] { "/bin/sh" })]
        [InlineData("-c true", new[] { "/bin/sh", "-c", "true" })]
        [InlineData("  -c   \"echo hi there\"  x", new[] { "/bin/sh", "-c", "echo hi there", "x" })]
        [InlineData("a\"b c\"d", new[] { "/bin/sh", "ab cd" })]
        public void WordsAreSplitAtSpacesAndQuotesGroup(string text, string[] expected) => Assert.Equal(expected, Split(text));

        [Fact]
        public void ArgumentsThatDoNotFitAreRefused() => Assert.Null(Split("0123456789", capacity: 12));
    }
}
