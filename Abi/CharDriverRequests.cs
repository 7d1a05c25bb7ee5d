namespace Lunix.Abi
{
    // Requests to a character driver (MINIX's CDEV_* protocol). Two ways to call:
    //  - by SENDREC, answered at once (client side: Libs/SystemLibrary/CharDriverCalls.cs; the
    //    hello driver and the tests);
    //  - by SENDA, as VFS calls the terminal and every driver a process's call may wait on: the
    //    driver answers with a CharDriverReply of type Reply sent by SENDA too, whenever the
    //    request is done (a read waits for input), carrying the request's Id. Neither side ever
    //    waits on the other. Cancel ends a request still held (a signal for its process): the
    //    driver answers it at once, with what it moved so far or -EINTR; a Cancel for a request
    //    already answered gets nothing (its answer is on its way). Every request but Cancel gets
    //    exactly one Reply. The driver side of both ways is Libs/CharDriver.
    // Data moves through a grant the caller makes out to the driver. Results are a count, 0, or
    // a negated Linux errno (Linux.LinuxErrno).
    public static class CharDriverRequests
    {
        public const int Open = 0x0800;     // a CharDriverOpenClose
        public const int Close = 0x0801;    // a CharDriverOpenClose
        public const int Read = 0x0802;     // a CharDriverReadWrite: the driver writes up to Length bytes into the grant
        public const int Write = 0x0803;    // a CharDriverReadWrite: the driver reads Length bytes from the grant
        public const int Ioctl = 0x0804;    // a CharDriverIoctl
        public const int Cancel = 0x0805;   // a CharDriverCancel: reply to request Id now
        // A CharDriverSelect: reply Result = which of Operations are ready now; with Watch set and
        // none ready, the driver sends a SelectReady (a CharDriverSelect) once one becomes so.
        public const int Select = 0x0806;
        // A CharDriverOpenClose: the Caller, a session leader, ended (VFS, at its exit). A terminal
        // its session controls becomes nobody's, and its foreground group gets SIGHUP (Linux's
        // disassociate_ctty on exit); other drivers, and other sessions, answer 0 and do nothing.
        public const int SessionEnded = 0x0807;
        public const int Reply = 0x0880;
        public const int SelectReady = 0x0881;
    }

    // Whose request it is, for a terminal's job control: the caller's process and its ids as VFS
    // knows them (PmVfsRequests.SetIds). Zero in requests that are no process's.
    public struct CharDriverCaller
    {
        public int Process;                 // endpoint
        public int Pid, ProcessGroup, Session;
        public int Flags;                   // CallerFlags: what job control needs that only PM knows
    }

    // What a terminal must know of a caller in the background to answer as Linux does (its
    // __tty_check_change and job_control): a read there gets SIGTTIN, or EIO when the process
    // ignores or blocks SIGTTIN or its group is orphaned; a write with TOSTOP (and a change of the
    // terminal's settings) gets SIGTTOU, or goes ahead when SIGTTOU is ignored or blocked, or EIO
    // when the group is orphaned. VFS fills them from PM's news; 0 means none of them holds.
    public static class CallerFlags
    {
        public const int IgnoresTtin = 1;       // SIGTTIN is ignored or blocked
        public const int IgnoresTtou = 2;       // SIGTTOU is ignored or blocked
        public const int OrphanedGroup = 4;     // the process group is orphaned (POSIX 2.2.2.52)
    }

    // Request flags.
    public static class CharDriverFlags
    {
        public const int NonBlocking = 1;   // O_NONBLOCK: answer -EAGAIN rather than hold the request
        public const int NoControllingTerminal = 2;  // Open: O_NOCTTY
    }

    public struct CharDriverOpenClose : IMessagePayload
    {
        public int Minor;
        public int Id;
        public int Flags;
        public CharDriverCaller Caller;
    }

    public struct CharDriverReadWrite : IMessagePayload
    {
        public int Minor;
        public int Grant;               // the caller's grant to the driver: Write right for Read, Read right for Write
        public ulong Position;          // on the device
        public ulong Length;            // bytes to move, at most the grant's length
        public int Id;
        public int Flags;
        public CharDriverCaller Caller;
    }

    public struct CharDriverIoctl : IMessagePayload
    {
        public int Minor;
        public int Grant;               // the argument's bytes, read and write (-1: none, the argument is Argument itself)
        public uint Request;            // Linux's ioctl number (TCGETS, TIOCGWINSZ...)
        public int Id;
        public ulong Argument;          // the call's third argument, for requests that take a value
        public int Flags;
        public CharDriverCaller Caller;
    }

    public struct CharDriverCancel : IMessagePayload
    {
        public int Minor;
        public int Id;
    }

    public struct CharDriverSelect : IMessagePayload
    {
        public int Minor;
        public int Operations;          // SelectOperations bits
        public int Watch;               // 1: notify later if none is ready now
        public int Id;                  // the request's, given back in the Reply (a SelectReady has none)
    }

    public static class SelectOperations
    {
        public const int Read = 1, Write = 2, Except = 4;
    }

    public struct CharDriverReply : IMessagePayload
    {
        public long Result;             // 0, the bytes moved, or a negated errno
        public int Id;                  // the request's
        public int Minor;
    }
}
