using System;
using Lunix.Kernel.Boot;
using Lunix.Options;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public class CommandLineTests
    {
        private const string ValidOptions = "valid options: crash, noapic, poweroff, test, timer_hz";

        // Deliberately not in alphabetical order: the diagnostic sorts the names itself.
        private static readonly OptionSpec[] Specs =
        {
            OptionSpec.Integer("timer_hz", 100, 10, 1000),
            OptionSpec.Flag("poweroff"),
            OptionSpec.Choice("crash", null, "pagefault", "gp", "divzero", "nullref", "index", "panic"),
            OptionSpec.Text("test", ""),
            OptionSpec.Flag("noapic"),
        };

        private static CommandLine Parse(string text) => CommandLine.Parse(text, Specs);

        [Fact]
        public void EmptyLineGivesDefaults()
        {
            CommandLine line = Parse("");
            Assert.Empty(line.Diagnostics);
            Assert.False(line.IsSet("poweroff"));
            Assert.False(line.IsSet("timer_hz"));
            Assert.Equal(100, line.GetInteger("timer_hz"));
            Assert.Null(line.GetChoice("crash"));
            Assert.Equal("", line.GetText("test"));
        }

        [Fact]
        public void WhitespaceOnlyGivesDefaults()
        {
            Assert.Empty(Parse(" \t\r\n  ").Diagnostics);
        }

        [Fact]
        public void ParsesEveryKind()
        {
            CommandLine line = Parse("poweroff timer_hz=250 crash=gp test=\"a b  c\" noapic");
            Assert.Empty(line.Diagnostics);
            Assert.True(line.IsSet("poweroff"));
            Assert.True(line.IsSet("noapic"));
            Assert.True(line.IsSet("timer_hz"));
            Assert.Equal(250, line.GetInteger("timer_hz"));
            Assert.Equal("gp", line.GetChoice("crash"));
            Assert.Equal("a b  c", line.GetText("test"));
        }

        [Fact]
        public void ChoiceIsTheSpecsOwnString()
        {
            Assert.Same(Specs[2].Choices[4], Parse("crash=index").GetChoice("crash"));
        }

        [Fact]
        public void ItemsMaySeparateByTabsAndNewlines()
        {
            CommandLine line = Parse("\tpoweroff\ncrash=panic\r\n");
            Assert.Empty(line.Diagnostics);
            Assert.True(line.IsSet("poweroff"));
            Assert.Equal("panic", line.GetChoice("crash"));
        }

        [Theory]
        [InlineData("timer_hz=0x64", 100)]
        [InlineData("timer_hz=0X3E8", 1000)]
        [InlineData("timer_hz=0x3e8", 1000)]
        [InlineData("timer_hz=10", 10)]
        [InlineData("timer_hz=1000", 1000)]
        [InlineData("timer_hz=\"300\"", 300)]
        public void ParsesDecimalAndHexIntegersWithinRange(string text, long expected)
        {
            CommandLine line = Parse(text);
            Assert.Empty(line.Diagnostics);
            Assert.Equal(expected, line.GetInteger("timer_hz"));
        }

        [Theory]
        [InlineData("timer_hz=abc", "abc")]
        [InlineData("timer_hz=9", "9")]
        [InlineData("timer_hz=1001", "1001")]
        [InlineData("timer_hz=-50", "-50")]
        [InlineData("timer_hz=0x", "0x")]
        [InlineData("timer_hz=12z", "12z")]
        [InlineData("timer_hz=0xfg", "0xfg")]
        [InlineData("timer_hz=-", "-")]
        [InlineData("timer_hz=99999999999999999999999", "99999999999999999999999")]
        [InlineData("timer_hz=0x10000000000000000", "0x10000000000000000")]
        [InlineData("timer_hz=\"\"", "")]
        public void RejectsBadIntegersAndKeepsTheDefault(string text, string shown)
        {
            CommandLine line = Parse(text);
            Assert.Equal(new[] { $"option 'timer_hz' expects an integer from 10 to 1000, got '{shown}'" }, line.Diagnostics);
            Assert.Equal(100, line.GetInteger("timer_hz"));
            Assert.False(line.IsSet("timer_hz"));
        }

        [Theory]
        [InlineData("-9223372036854775808", long.MinValue)]
        [InlineData("9223372036854775807", long.MaxValue)]
        [InlineData("-0x10", -16)]
        [InlineData("-7", -7)]
        public void IntegersCoverTheWholeLongRange(string value, long expected)
        {
            var specs = new[] { OptionSpec.Integer("n", 0, long.MinValue, long.MaxValue) };
            CommandLine line = CommandLine.Parse("n=" + value, specs);
            Assert.Empty(line.Diagnostics);
            Assert.Equal(expected, line.GetInteger("n"));
        }

        [Theory]
        [InlineData("9223372036854775808")]
        [InlineData("-9223372036854775809")]
        [InlineData("0x8000000000000000")]
        public void IntegersJustOutsideLongAreMalformed(string value)
        {
            var specs = new[] { OptionSpec.Integer("n", 0, long.MinValue, long.MaxValue) };
            Assert.Single(CommandLine.Parse("n=" + value, specs).Diagnostics);
        }

        [Fact]
        public void NegativeRangesPrintTheirBounds()
        {
            var specs = new[] { OptionSpec.Integer("skew", 0, -10, 10) };
            CommandLine line = CommandLine.Parse("skew=-11", specs);
            Assert.Equal(new[] { "option 'skew' expects an integer from -10 to 10, got '-11'" }, line.Diagnostics);
        }

        [Fact]
        public void UnknownOptionListsValidOnesSorted()
        {
            CommandLine line = Parse("bogus");
            Assert.Equal(new[] { "unknown option 'bogus'; " + ValidOptions }, line.Diagnostics);
        }

        [Fact]
        public void UnknownOptionWithValueNamesOnlyTheKey()
        {
            CommandLine line = Parse("bogus=\"x y\" other=1");
            Assert.Equal(new[] { "unknown option 'bogus'; " + ValidOptions, "unknown option 'other'; " + ValidOptions }, line.Diagnostics);
        }

        [Fact]
        public void OptionNamesAreCaseSensitive()
        {
            Assert.Equal(new[] { "unknown option 'PowerOff'; " + ValidOptions }, Parse("PowerOff").Diagnostics);
        }

        [Fact]
        public void EmptyKeyIsUnknown()
        {
            Assert.Equal(new[] { "unknown option ''; " + ValidOptions }, Parse("=5").Diagnostics);
        }

        [Fact]
        public void BadChoiceListsTheChoicesInTableOrder()
        {
            CommandLine line = Parse("crash=foo");
            Assert.Equal(new[] { "option 'crash' expects one of: pagefault, gp, divzero, nullref, index, panic; got 'foo'" }, line.Diagnostics);
            Assert.Null(line.GetChoice("crash"));
        }

        [Fact]
        public void ChoicesAreCaseSensitive()
        {
            Assert.Single(Parse("crash=GP").Diagnostics);
        }

        [Fact]
        public void FlagGivenAValueIsMalformed()
        {
            CommandLine line = Parse("poweroff=1");
            Assert.Equal(new[] { "option 'poweroff' is a flag and takes no value, got 'poweroff=1'" }, line.Diagnostics);
            Assert.False(line.IsSet("poweroff"));
        }

        [Fact]
        public void FlagWithEmptyValueIsMalformed()
        {
            Assert.Equal(new[] { "option 'noapic' is a flag and takes no value, got 'noapic='" }, Parse("noapic=").Diagnostics);
        }

        [Theory]
        [InlineData("timer_hz=", "option 'timer_hz' expects an integer from 10 to 1000, got nothing")]
        [InlineData("timer_hz", "option 'timer_hz' expects an integer from 10 to 1000, got nothing")]
        [InlineData("crash=", "option 'crash' expects one of: pagefault, gp, divzero, nullref, index, panic; got nothing")]
        [InlineData("test", "option 'test' expects a value, got nothing")]
        [InlineData("test=", "option 'test' expects a value, got nothing")]
        public void KeyWithoutValueIsMalformed(string text, string message)
        {
            CommandLine line = Parse(text);
            Assert.Equal(new[] { message }, line.Diagnostics);
            Assert.Equal(100, line.GetInteger("timer_hz"));
        }

        [Fact]
        public void QuotedEmptyTextIsAValue()
        {
            CommandLine line = CommandLine.Parse("test=\"\"", new[] { OptionSpec.Text("test", "default") });
            Assert.Empty(line.Diagnostics);
            Assert.True(line.IsSet("test"));
            Assert.Equal("", line.GetText("test"));
        }

        [Fact]
        public void QuotesGroupWordsAnywhereInTheValue()
        {
            Assert.Equal("a b=c d", Parse("test=a\" b=c \"d").GetText("test"));
        }

        [Fact]
        public void UnterminatedQuoteIsReportedAndTheRestStillParses()
        {
            CommandLine line = Parse("test=\"abc poweroff timer_hz=20");
            Assert.Equal(new[] { "unterminated quote in 'test=\"abc'" }, line.Diagnostics);
            Assert.Equal("", line.GetText("test"));
            Assert.False(line.IsSet("test"));
            Assert.True(line.IsSet("poweroff"));
            Assert.Equal(20, line.GetInteger("timer_hz"));
        }

        [Fact]
        public void UnterminatedQuoteAtTheEnd()
        {
            Assert.Equal(new[] { "unterminated quote in 'test=\"'" }, Parse("poweroff test=\"").Diagnostics);
        }

        [Fact]
        public void LastOccurrenceWins()
        {
            CommandLine line = Parse("timer_hz=20 crash=gp timer_hz=30 crash=divzero");
            Assert.Empty(line.Diagnostics);
            Assert.Equal(30, line.GetInteger("timer_hz"));
            Assert.Equal("divzero", line.GetChoice("crash"));
        }

        [Fact]
        public void BadRepeatDoesNotUndoAnEarlierGoodValue()
        {
            CommandLine line = Parse("timer_hz=20 timer_hz=abc");
            Assert.Single(line.Diagnostics);
            Assert.Equal(20, line.GetInteger("timer_hz"));
            Assert.True(line.IsSet("timer_hz"));
        }

        [Fact]
        public void EveryBadItemIsReportedInOrderAndGoodOnesStillParse()
        {
            CommandLine line = Parse("bogus poweroff=yes timer_hz=5 crash=gp x=1 y=2 z=3 test=ok timer_hz=");
            Assert.Equal(new[]
            {
                "unknown option 'bogus'; " + ValidOptions,
                "option 'poweroff' is a flag and takes no value, got 'poweroff=yes'",
                "option 'timer_hz' expects an integer from 10 to 1000, got '5'",
                "unknown option 'x'; " + ValidOptions,
                "unknown option 'y'; " + ValidOptions,
                "unknown option 'z'; " + ValidOptions,
                "option 'timer_hz' expects an integer from 10 to 1000, got nothing",
            }, line.Diagnostics);
            Assert.Equal("gp", line.GetChoice("crash"));
            Assert.Equal("ok", line.GetText("test"));
        }

        [Fact]
        public void ValueMayContainEqualsSigns()
        {
            Assert.Equal("a=b", Parse("test=a=b").GetText("test"));
        }

        [Fact]
        public void ChoiceDefaultApplies()
        {
            var specs = new[] { OptionSpec.Choice("console", "serial", "serial", "framebuffer") };
            Assert.Equal("serial", CommandLine.Parse("", specs).GetChoice("console"));
        }

        [Fact]
        public void NoSpecsMeansEveryKeyIsUnknown()
        {
            Assert.Equal(new[] { "unknown option 'a'; valid options: " }, CommandLine.Parse("a", new OptionSpec[0]).Diagnostics);
        }

        [Fact]
        public void AskingForAnUndeclaredOptionIsAKernelBug()
        {
            CommandLine line = Parse("");
            Assert.Throws<ArgumentException>(() => line.IsSet("nosuch"));
            Assert.Throws<ArgumentException>(() => line.GetInteger("test"));
            Assert.Throws<ArgumentException>(() => line.GetText("crash"));
            Assert.Throws<ArgumentException>(() => line.GetChoice("timer_hz"));
        }
    }
}
