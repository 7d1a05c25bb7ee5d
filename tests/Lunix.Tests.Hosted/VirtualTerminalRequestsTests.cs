using System;
using System.Runtime.InteropServices;
using System.Text;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The virtual consoles' ioctls (Drivers/Tty/VirtualTerminalRequests.cs) as busybox's chvt,
    // openvt and deallocvt make them, with the answers Linux's vt_ioctl gives.
    public class VirtualTerminalRequestsTests
    {
        private static long Serve(VirtualConsoles consoles, uint request, ulong value, Span<byte> argument) =>
            VirtualTerminalRequests.Serve(consoles, request, value, argument, out _);

        private static void Open(VirtualConsoles consoles, int index) =>
            Assert.Equal(0, consoles.Terminal(index).Open(TerminalHarness.Leader, TerminalMinors.VirtualConsoles + 1 + index, noControllingTerminal: true));

        [Fact]
        public void EveryRequestHasItsArgumentSize()
        {
            Assert.Equal(1, LinuxIoctls.ArgumentBytes(LinuxIoctls.KDGKBTYPE, out bool input));
            Assert.False(input);
            Assert.Equal(6, LinuxIoctls.ArgumentBytes(LinuxIoctls.VT_GETSTATE, out _));
            Assert.Equal(8, LinuxIoctls.ArgumentBytes(LinuxIoctls.VT_SETMODE, out input));
            Assert.True(input);
            Assert.Equal(0, LinuxIoctls.ArgumentBytes(LinuxIoctls.VT_ACTIVATE, out _));
            Assert.Equal(6, Marshal.SizeOf<LinuxVtState>());
            Assert.Equal(8, Marshal.SizeOf<LinuxVtMode>());
            foreach (uint request in new[] { LinuxIoctls.KDGKBTYPE, LinuxIoctls.VT_OPENQRY, LinuxIoctls.VT_GETMODE, LinuxIoctls.VT_SETMODE,
                                             LinuxIoctls.VT_GETSTATE, LinuxIoctls.VT_ACTIVATE, LinuxIoctls.VT_WAITACTIVE, LinuxIoctls.VT_DISALLOCATE })
                Assert.True(VirtualTerminalRequests.Handles(request));
            Assert.False(VirtualTerminalRequests.Handles(LinuxIoctls.TCGETS));
        }

        [Fact]
        public void TheKeyboardIsA101KeyOne()
        {
            Span<byte> type = stackalloc byte[1];
            Assert.Equal(0, Serve(new VirtualConsoles(80, 25), LinuxIoctls.KDGKBTYPE, 0, type));
            Assert.Equal(0x02, type[0]);
        }

        [Fact]
        public void ActivateShowsTheConsoleAndGetStateSaysWhichAreInUse()
        {
            var consoles = new VirtualConsoles(80, 25);
            Open(consoles, 0);
            Open(consoles, 2);
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_ACTIVATE, 3, default));
            Assert.Equal(2, consoles.Active);
            Span<byte> bytes = stackalloc byte[LinuxVtState.Size];
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_GETSTATE, 0, bytes));
            LinuxVtState state = MemoryMarshal.Read<LinuxVtState>(bytes);
            Assert.Equal(3, state.Active);
            Assert.Equal(0b1011, state.State);          // tty0 always, tty1 and tty3 open
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_ACTIVATE, 3, default));     // already shown: nothing to do
        }

        [Theory]
        [InlineData(0UL)]
        [InlineData(5UL)]       // a console Linux could allocate, Lunix has not
        [InlineData(64UL)]      // past MAX_NR_CONSOLES
        public void ActivatingAConsoleThatIsNotThereIsENXIO(ulong number)
        {
            var consoles = new VirtualConsoles(80, 25);
            Assert.Equal(-(long)LinuxErrno.ENXIO, Serve(consoles, LinuxIoctls.VT_ACTIVATE, number, default));
            Assert.Equal(0, consoles.Active);
        }

        [Fact]
        public void WaitActiveWaitsOnlyForAConsoleNotShown()
        {
            var consoles = new VirtualConsoles(80, 25);
            Assert.Equal(0, VirtualTerminalRequests.Serve(consoles, LinuxIoctls.VT_WAITACTIVE, 1, default, out int waitFor));
            Assert.Equal(0, waitFor);
            Assert.Equal(0, VirtualTerminalRequests.Serve(consoles, LinuxIoctls.VT_WAITACTIVE, 2, default, out waitFor));
            Assert.Equal(2, waitFor);
            Assert.False(VirtualTerminalRequests.WaitOver(consoles, 2));
            consoles.Switch(1);                         // Alt-F2
            Assert.True(VirtualTerminalRequests.WaitOver(consoles, 2));
            Assert.Equal(-(long)LinuxErrno.ENXIO, Serve(consoles, LinuxIoctls.VT_WAITACTIVE, 0, default));
        }

        [Fact]
        public void OpenQueryNamesTheFirstConsoleNoOneHasOpen()
        {
            var consoles = new VirtualConsoles(80, 25);
            Span<byte> bytes = stackalloc byte[sizeof(int)];
            Open(consoles, 0);
            Open(consoles, 1);
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_OPENQRY, 0, bytes));
            Assert.Equal(3, MemoryMarshal.Read<int>(bytes));
            Open(consoles, 2);
            Open(consoles, 3);
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_OPENQRY, 0, bytes));
            Assert.Equal(-1, MemoryMarshal.Read<int>(bytes));
            consoles.Terminal(1).Close();
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_OPENQRY, 0, bytes));
            Assert.Equal(2, MemoryMarshal.Read<int>(bytes));
        }

        [Fact]
        public void DisallocateClearsAnUnusedConsoleAndRefusesABusyOne()
        {
            var consoles = new VirtualConsoles(80, 25);
            var write = new TerminalWrite { Length = 6 };
            consoles.Terminal(2).Write(ref write, Encoding.Latin1.GetBytes("stale\n"));
            consoles.Drain();
            Assert.Equal("stale", consoles.Screen(2).RowText(0));
            Open(consoles, 1);
            Assert.Equal(-(long)LinuxErrno.EBUSY, Serve(consoles, LinuxIoctls.VT_DISALLOCATE, 1, default));    // shown
            Assert.Equal(-(long)LinuxErrno.EBUSY, Serve(consoles, LinuxIoctls.VT_DISALLOCATE, 2, default));    // open
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_DISALLOCATE, 3, default));
            Assert.Equal("", consoles.Screen(2).RowText(0));
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_DISALLOCATE, 9, default));     // never allocated
            Assert.Equal(-(long)LinuxErrno.ENXIO, Serve(consoles, LinuxIoctls.VT_DISALLOCATE, 64, default));
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_DISALLOCATE, 0, default));     // every unused one
        }

        [Fact]
        public void OnlyTheKernelsOwnSwitchingMode()
        {
            var consoles = new VirtualConsoles(80, 25);
            Span<byte> bytes = stackalloc byte[LinuxVtMode.Size];
            bytes.Fill(0xFF);
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_GETMODE, 0, bytes));
            Assert.Equal(LinuxVtMode.Auto, MemoryMarshal.Read<LinuxVtMode>(bytes).Mode);
            Assert.Equal(0, Serve(consoles, LinuxIoctls.VT_SETMODE, 0, bytes));
            bytes[0] = LinuxVtMode.Process;
            Assert.Equal(-(long)LinuxErrno.EINVAL, Serve(consoles, LinuxIoctls.VT_SETMODE, 0, bytes));
        }
    }
}
