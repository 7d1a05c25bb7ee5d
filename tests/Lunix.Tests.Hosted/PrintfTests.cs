using System;
using System.Globalization;
using Lunix.Kernel.Diagnostics;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public unsafe class PrintfTests
    {
        private static string F(string format, params FormatArg[] args)
        {
            Span<char> buffer = stackalloc char[512];
            int length = Printf.Format(buffer, format, args);
            return new string(buffer.Slice(0, length));
        }

        [Fact]
        public void PlainTextIsCopied() => Assert.Equal("lunix: ready", F("lunix: ready"));

        [Fact]
        public void EmptyFormat() => Assert.Equal("", F(""));

        [Theory]
        [InlineData("%d", 42, "42")]
        [InlineData("%i", -42, "-42")]
        [InlineData("%d", int.MinValue, "-2147483648")]
        [InlineData("%u", -1, "4294967295")]
        [InlineData("%x", -1, "ffffffff")]
        [InlineData("%X", -559038737, "DEADBEEF")]
        [InlineData("%5d", 42, "   42")]
        [InlineData("%-5d|", 42, "42   |")]
        [InlineData("%05d", 42, "00042")]
        [InlineData("%05d", -42, "-0042")]
        [InlineData("%-05d|", -42, "-42  |")]
        [InlineData("%2d", 12345, "12345")]
        [InlineData("%08x", 0xbeef, "0000beef")]
        [InlineData("%ld", 7, "7")]
        [InlineData("%lld", 7, "7")]
        [InlineData("%zd", 7, "7")]
        public void Integers(string format, int value, string expected) => Assert.Equal(expected, F(format, value));

        [Fact]
        public void LongValues()
        {
            Assert.Equal("-9223372036854775808", F("%ld", long.MinValue));
            Assert.Equal("9223372036854775807", F("%lld", long.MaxValue));
            Assert.Equal("ffffffffffffffff", F("%lx", -1L));
            Assert.Equal("18446744073709551615", F("%lu", ulong.MaxValue));
            Assert.Equal("ffffffff80200000", F("%016lx", 0xffffffff80200000UL));
            Assert.Equal("0000000000001000", F("%016lx", 0x1000UL));
            Assert.Equal("18446744073709551615", F("%d", ulong.MaxValue));
        }

        [Fact]
        public void NarrowValuesKeepTheirWidthInHex()
        {
            Assert.Equal("ff", F("%x", (sbyte)-1));
            Assert.Equal("-1", F("%d", (sbyte)-1));
            Assert.Equal("ffff", F("%x", (short)-1));
            Assert.Equal("65535", F("%u", (short)-1));
            Assert.Equal("255", F("%d", (byte)255));
            Assert.Equal("ffff", F("%x", (ushort)0xffff));
            Assert.Equal("4294967295", F("%d", uint.MaxValue));
        }

        [Fact]
        public void NativeIntegers()
        {
            Assert.Equal("-5", F("%d", (nint)(-5)));
            Assert.Equal("fffffffffffffffb", F("%zx", (nint)(-5)));
            Assert.Equal("ff", F("%zx", (nuint)0xff));
        }

        [Fact]
        public void Pointers()
        {
            Assert.Equal("0x0000000000001234", F("%p", FormatArg.Pointer((void*)0x1234)));
            Assert.Equal("0xffffffff8020a160", F("%p", FormatArg.Pointer((void*)0xffffffff8020a160)));
            Assert.Equal("0x0000000000000000", F("%p", FormatArg.Pointer(null)));
            Assert.Equal("0x00000000000000ff", F("%p", 255));
            Assert.Equal("  0x0000000000000010|", F("%20p|", FormatArg.Pointer((void*)16)));
            Assert.Equal("0x0000000000000010  |", F("%-20p|", FormatArg.Pointer((void*)16)));
            Assert.Equal("0x0000000000000010", F("%s", FormatArg.Pointer((void*)16)));
            Assert.Equal("16", F("%d", FormatArg.Pointer((void*)16)));
            Assert.Equal("10", F("%x", FormatArg.Pointer((void*)16)));
        }

        [Fact]
        public void Strings()
        {
            Assert.Equal("hello", F("%s", "hello"));
            Assert.Equal("   hi|", F("%5s|", "hi"));
            Assert.Equal("hi   |", F("%-5s|", "hi"));
            Assert.Equal("   hi|", F("%05s|", "hi"));
            Assert.Equal("(null)", F("%s", (string)null));
            Assert.Equal("[]", F("[%s]", ""));
            Assert.Equal("toolong", F("%3s", "toolong"));
        }

        [Fact]
        public void Chars()
        {
            Assert.Equal("A", F("%c", 'A'));
            Assert.Equal("A", F("%c", 65));
            Assert.Equal("  A", F("%3c", 'A'));
            Assert.Equal("x", F("%s", 'x'));
            Assert.Equal("65", F("%d", 'A'));
            Assert.Equal("41", F("%x", 'A'));
        }

        [Fact]
        public void Booleans()
        {
            Assert.Equal("true false", F("%s %s", true, false));
            Assert.Equal("1 0", F("%d %u", true, false));
            Assert.Equal("true", F("%c", true));
        }

        [Fact]
        public void MismatchedConversionsPrintTheValueSensibly()
        {
            Assert.Equal("abc", F("%d", "abc"));
            Assert.Equal("abc", F("%x", "abc"));
            Assert.Equal("abc", F("%p", "abc"));
            Assert.Equal("abc", F("%c", "abc"));
            Assert.Equal("-3", F("%s", -3));
            Assert.Equal("7", F("%s", 7UL));
        }

        [Fact]
        public void PercentSigns()
        {
            Assert.Equal("100%", F("100%%"));
            Assert.Equal("%d", F("%%d", 5));
        }

        [Fact]
        public void MissingArgumentsSaySo()
        {
            Assert.Equal("1 and <missing>", F("%d and %d", 1));
            Assert.Equal("<missing> <missing>", F("%s %x"));
            Assert.Equal("[  <missing>]", F("[%11d]"));
        }

        [Fact]
        public void ExtraArgumentsAreIgnored() => Assert.Equal("1", F("%d", 1, 2, 3));

        [Theory]
        [InlineData("%q", "%q")]
        [InlineData("a %5q b", "a %5q b")]
        [InlineData("end %", "end %")]
        [InlineData("end %08", "end %08")]
        [InlineData("end %l", "end %l")]
        [InlineData("%hd", "%hd")]
        public void UnknownOrUnfinishedSpecsAreCopied(string format, string expected)
            => Assert.Equal(expected, F(format, 1));

        [Fact]
        public void UnknownSpecDoesNotConsumeAnArgument() => Assert.Equal("%q 5", F("%q %d", 5));

        [Fact]
        public void BootBannerFormat()
        {
            ulong micros = 12345;
            Assert.Equal("ready in 99 TSC ticks (12.345 ms), 4 symbols", F("ready in %lu TSC ticks (%lu.%03lu ms), %d symbols", 99UL, micros / 1000, micros % 1000, 4));
            Assert.Equal("lunix: memory 0000000000100000-0000000007fdffff available",
                F("lunix: memory %016lx-%016lx %s", 0x100000UL, 0x7fdffffUL, "available"));
        }

        [Fact]
        public void OutputIsCutOffAtTheDestination()
        {
            Span<char> small = stackalloc char[8];
            Assert.Equal(8, Printf.Format(small, "value=%d, more", 123456));
            Assert.Equal("value=12", new string(small));
            Assert.Equal(3, Printf.Format(small.Slice(0, 3), "%-10s|", "ab"));
            Assert.Equal("ab ", new string(small.Slice(0, 3)));
            Assert.Equal(0, Printf.Format(Span<char>.Empty, "%p", FormatArg.Pointer((void*)1)));
        }

        [Fact]
        public void WritesNothingPastTheDestination()
        {
            char[] buffer = new string('#', 16).ToCharArray();
            Printf.Format(buffer.AsSpan(0, 4), "%016lx", ulong.MaxValue);
            Assert.Equal("ffff############", new string(buffer));
        }

        public static TheoryData<long> Samples => new TheoryData<long>
        {
            0, 1, -1, 9, 10, 255, -256, 65535, 1000000007, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 0x123456789abcdef,
        };

        [Theory]
        [MemberData(nameof(Samples))]
        public void AgreesWithTheBcl(long value)
        {
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), F("%ld", value));
            Assert.Equal(value.ToString("x"), F("%lx", value));
            Assert.Equal(value.ToString("X16"), F("%016lX", value));
            Assert.Equal(((ulong)value).ToString(CultureInfo.InvariantCulture), F("%lu", value));
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture).PadLeft(24), F("%24ld", value));
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture).PadRight(24), F("%-24ld", value));
            int narrow = unchecked((int)value);
            Assert.Equal(narrow.ToString(CultureInfo.InvariantCulture), F("%d", narrow));
            Assert.Equal(narrow.ToString("x"), F("%x", narrow));
            Assert.Equal(narrow.ToString("X8"), F("%08X", narrow));
            Assert.Equal(((uint)narrow).ToString(CultureInfo.InvariantCulture), F("%u", narrow));
        }
    }
}
