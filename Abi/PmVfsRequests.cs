namespace Lunix.Abi
{
    // PM's news for VFS about POSIX processes (MINIX's VFS_PM_* requests), by SENDREC from PM;
    // VFS answers each at once with a VfsReply (Result 0 or a negated Linux errno; -ENOSYS for a
    // request it does not know, which PM takes as "nothing to do for it") and never
    // sends a request to PM that waits for a reply (it signals processes by the KILL kernel
    // call, or by SENDA to PM: PmRequests), so the two cannot deadlock. Every request is a
    // PmVfsProcess. VFS keeps what it needs of each process (its descriptors, working and root
    // directories, umask, and the ids below) by the process's endpoint.
    public static class PmVfsRequests
    {
        // Child = a copy of Process (fork, vfork, clone without CLONE_FILES): the same open file
        // descriptions (offsets and status flags shared), descriptor flags, directories and umask.
        public const int Fork = 0x0C00;
        // Process now runs a new program: its close-on-exec descriptors are closed.
        public const int Exec = 0x0C01;
        // Process ended: every descriptor closed, its directories let go.
        public const int Exit = 0x0C02;
        // Process's ids changed (setsid, setpgid, setuid...): Pid, ProcessGroup, Session, Uid and
        // Gid are its new ones. After setsid it has no controlling terminal. PM sends it too when
        // only CallerFlags or OpenFileLimit changed: VFS takes every field each time.
        public const int SetIds = 0x0C03;
        // Process has a signal to take (MINIX's VFS_PM_UNPAUSE): a call of it that VFS holds
        // (a read from an empty pipe or a terminal, poll, a driver's slow request) ends now,
        // answered by VFS to the process with -EINTR, or with PosixErrors.Restart when it may
        // start again (nothing moved yet; PM restarts it if the handler has SA_RESTART). Reply
        // Result: 1 when a call was ended, 0 when none was held.
        public const int Unpause = 0x0C04;
        // The machine is about to halt, power off or restart (PM's reboot): everything written
        // goes to its device now, before VFS answers. Only Process (the caller of reboot) is set.
        public const int Sync = 0x0C05;
    }

    public struct PmVfsProcess : IMessagePayload
    {
        public int Process;                 // the endpoint
        public int Child;                   // Fork: the child's endpoint
        public int Pid, ProcessGroup, Session;
        public int Uid, Gid;
        public int CallerFlags;             // what a terminal must know of it (CharDriverCaller.Flags)
        public ulong OpenFileLimit;         // RLIMIT_NOFILE's soft limit: no new descriptor at or above it
    }

    // Results between the POSIX servers that a process never sees.
    public static class PosixErrors
    {
        // Linux's ERESTARTSYS: the call was interrupted before it did anything, and starts again
        // after the handler when that has SA_RESTART (otherwise the process sees -EINTR).
        public const long Restart = -512;
    }
}
