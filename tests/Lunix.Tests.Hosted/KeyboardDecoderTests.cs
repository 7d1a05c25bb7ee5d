using System;
using System.Collections.Generic;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Scancode set 1 to Linux console bytes (Drivers/Tty/KeyboardDecoder.cs).
    public class KeyboardDecoderTests
    {
        private const byte LeftShift = 0x2A, Ctrl = 0x1D, Alt = 0x38, CapsLock = 0x3A;
        private static byte Up(byte code) => (byte)(code | 0x80);

        // The bytes a sequence of scancodes gives, and the console switches asked for.
        private static (string Text, List<int> Switches) Decode(KeyboardDecoder decoder, params byte[] scancodes)
        {
            var text = new System.Text.StringBuilder();
            var switches = new List<int>();
            Span<byte> output = stackalloc byte[KeyboardDecoder.MaxBytes];
            foreach (byte code in scancodes)
            {
                int count = decoder.Decode(code, output, out int switchTo);
                for (int i = 0; i < count; i++) text.Append((char)output[i]);
                if (switchTo >= 0) switches.Add(switchTo);
            }
            return (text.ToString(), switches);
        }

        private static string Text(params byte[] scancodes) => Decode(new KeyboardDecoder(), scancodes).Text;

        [Fact]
        public void LettersDigitsAndSymbolsAreTheUsLayout() =>
            // e c h o space 1 - = ; ' ` \ , . / Enter
            Assert.Equal("echo 1-=;'`\\,./\r", Text(0x12, Up(0x12), 0x2E, 0x23, 0x18, 0x39, 0x02, 0x0C, 0x0D, 0x27, 0x28, 0x29, 0x2B, 0x33, 0x34, 0x35, 0x1C));

        [Fact]
        public void ShiftGivesCapitalsAndUpperSymbolsUntilReleased() =>
            Assert.Equal("H!:\"~|<>?_+h", Text(LeftShift, 0x23, 0x02, 0x27, 0x28, 0x29, 0x2B, 0x33, 0x34, 0x35, 0x0C, 0x0D, Up(LeftShift), 0x23));

        [Fact]
        public void CapsLockTogglesLettersOnlyAndShiftInvertsIt() =>
            Assert.Equal("A1aa", Text(CapsLock, Up(CapsLock), 0x1E, 0x02, LeftShift, 0x1E, Up(LeftShift), CapsLock, Up(CapsLock), 0x1E));

        [Fact]
        public void CtrlGivesControlCharacters() =>
            // ^C ^D ^Z ^[ ^\ ^U, then c after ctrl is released
            Assert.Equal("\x03\x04\x1a\x1b\x1c\x15" + "c", Text(Ctrl, 0x2E, 0x20, 0x2C, 0x1A, 0x2B, 0x16, Up(Ctrl), 0x2E));

        [Fact]
        public void RightCtrlIsExtendedAndWorksToo() =>
            Assert.Equal("\x03", Text(0xE0, Ctrl, 0x2E, 0xE0, Up(Ctrl)));

        [Fact]
        public void AltPrefixesEscape() =>
            Assert.Equal("\x1b" + "b" + "x", Text(Alt, 0x30, Up(Alt), 0x2D));

        [Fact]
        public void BackspaceIsDelAndEnterIsCarriageReturn() =>
            Assert.Equal("\x7f\r\t\x1b", Text(0x0E, 0x1C, 0x0F, 0x01));

        [Fact]
        public void ExtendedKeysGiveLinuxConsoleSequences() =>
            Assert.Equal("\x1b[A\x1b[B\x1b[C\x1b[D\x1b[1~\x1b[4~\x1b[5~\x1b[6~\x1b[2~\x1b[3~",
                Text(0xE0, 0x48, 0xE0, 0x50, 0xE0, 0x4D, 0xE0, 0x4B, 0xE0, 0x47, 0xE0, 0x4F, 0xE0, 0x49, 0xE0, 0x51, 0xE0, 0x52, 0xE0, 0x53));

        [Fact]
        public void ReleasesAndFakeShiftsGiveNothing() =>
            // E0 2A (a fake shift) before E0 48 does not make the next letter a capital.
            Assert.Equal("\x1b[Aa", Text(0xE0, 0x2A, 0xE0, 0x48, 0xE0, Up(0x48), 0xE0, Up(0x2A), 0x1E, Up(0x1E)));

        [Fact]
        public void KeypadIsCursorKeysWithoutNumLockAndDigitsWithIt() =>
            Assert.Equal("\x1b[A\x1b[D-+*/\r" + "84.", Text(0x48, 0x4B, 0x4A, 0x4E, 0x37, 0xE0, 0x35, 0xE0, 0x1C, 0x45, Up(0x45), 0x48, 0x4B, 0x53));

        [Fact]
        public void FunctionKeysGiveTheirSequences() =>
            Assert.Equal("\x1b[[A\x1b[[E\x1b[17~\x1b[24~", Text(0x3B, 0x3F, 0x40, 0x58));

        [Fact]
        public void AltFunctionKeysSwitchConsolesInsteadOfTyping()
        {
            var decoder = new KeyboardDecoder();
            var (text, switches) = Decode(decoder, Alt, 0x3C, Up(0x3C), 0x3B, Up(0x3B), Up(Alt), 0x3D);
            Assert.Equal(new List<int> { 1, 0 }, switches);
            Assert.Equal("\x1b[[C", text);
        }

        [Fact]
        public void CtrlAltFunctionKeysSwitchToo()
        {
            var (_, switches) = Decode(new KeyboardDecoder(), Ctrl, Alt, 0x3E, Up(0x3E));
            Assert.Equal(new List<int> { 3 }, switches);
        }

        [Fact]
        public void PauseSequenceIsSkippedWhole() =>
            Assert.Equal("a", Text(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x1E));
    }
}
