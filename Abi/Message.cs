using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // The fixed-size message every IPC primitive carries: 64 bytes, as in MINIX 3. The kernel
    // fills Source on delivery (the sender cannot forge it); Type says what the payload means.
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct Message
    {
        public const int Size = 64;

        [FieldOffset(0)] public int Source;         // endpoint of the sender, set by the kernel
        [FieldOffset(4)] public int Type;           // request or reply code, NotifyMessage for notifications
        // The 56-byte payload as words, MINIX-style (m1_i1, ...). No fixed buffer: a struct with
        // one makes the compiler guard every method with a Message local by a stack cookie.
        [FieldOffset(8)] public long Word0;
        [FieldOffset(16)] public long Word1;
        [FieldOffset(24)] public long Word2;
        [FieldOffset(32)] public long Word3;
        [FieldOffset(40)] public long Word4;
        [FieldOffset(48)] public long Word5;
        [FieldOffset(56)] public long Word6;

        // A notification's type; its Word0 carries the pending-notification bits' timestamp.
        public const int NotifyMessage = 0x1000;
    }
}
