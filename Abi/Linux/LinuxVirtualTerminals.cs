namespace Lunix.Abi.Linux
{
    // struct vt_stat (VT_GETSTATE): the console shown, and a bit for each console in use
    // (bit n for /dev/ttyn; bit 0, /dev/tty0, always set). 6 bytes.
    public struct LinuxVtState
    {
        public const int Size = 6;
        public ushort Active, Signal, State;
    }

    // struct vt_mode (VT_GETMODE, VT_SETMODE): who switches the console, the kernel (VT_AUTO) or
    // a process told by signals (VT_PROCESS). 8 bytes.
    public struct LinuxVtMode
    {
        public const int Size = 8;
        public const byte Auto = 0, Process = 1, AckAcquire = 2;
        public byte Mode, WaitOnWrite;
        public short ReleaseSignal, AcquireSignal, ForcedReleaseSignal;
    }

    public static class LinuxVirtualTerminals
    {
        public const byte KB_101 = 0x02;        // KDGKBTYPE's answer: a 101-key keyboard
        public const int MaxConsoles = 63;      // MAX_NR_CONSOLES: the console numbers the requests accept
    }
}
