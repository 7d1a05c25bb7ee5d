namespace Lunix.Abi
{
    // The system-call ABI. User code executes `syscall` with RAX = (class << 16) | number; IPC and
    // kernel calls are two classes, as in MINIX, each with its own privilege mask. Arguments in
    // RDI, RSI, RDX, R10 (RCX is taken by `syscall`); the result comes back in RAX: 0 or a
    // negated Errno.
    public static class Traps
    {
        public const int IpcClass = 1;
        public const int KernelCallClass = 2;

        // IPC primitives (RDI = endpoint, RSI = message pointer; SENDA: RDI = table, RSI = count).
        public const int Send = 1;
        public const int Receive = 2;
        public const int SendReceive = 3;
        public const int Notify = 4;
        public const int SendNonBlocking = 5;
        // A server's reply and its next receive in one trap (seL4's ReplyRecv; MINIX servers make
        // two): SENDNB the message to RDI, then RECEIVE from ANY into the same buffer.
        public const int ReplyReceive = 6;
        public const int SendAsync = 16;

        public static long Encode(int trapClass, int number) => ((long)trapClass << 16) | (uint)number;
    }
}
