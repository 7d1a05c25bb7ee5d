namespace Lunix.Arch.X86.Platform
{
    // QEMU's isa-debug-exit device (added by the test harness at port 0xf4): writing v makes QEMU
    // exit with status (v << 1) | 1. Used in test mode only, so a crash ends the run at once.
    public static class DebugExit
    {
        private const ushort Port = 0xF4;

        public static void Exit(byte value) => Cpu.Out32(Port, value);
    }
}
