namespace Lunix.Abi
{
    // PM's news for the /proc file system server (Servers/ProcFs) about POSIX processes, by
    // SENDREC from PM; ProcFs answers each at once with a ProcFsReply and, as every file system,
    // waits on nobody (VFS waits on it while serving /proc, and PM waits on VFS, so ProcFs asking
    // PM could deadlock: PM tells it instead). ProcFs keeps what /proc shows of each process from
    // these: ids, parent, and where its arguments are in its memory, which it reads when
    // /proc/PID/cmdline is read, as Linux does. Every request is a ProcFsProcess.
    public static class ProcFsRequests
    {
        // Process now runs a new program (init's start, execve): all the fields; its name (comm)
        // is the last component of the file name at FileName, read now.
        public const int Exec = 0x0F00;
        // Process is a new child of ParentPid (fork, vfork, clone): its ids; the rest as its parent's.
        public const int Fork = 0x0F01;
        // Process ended and was reaped: it leaves /proc.
        public const int Exit = 0x0F02;
        // Process's ids changed (setsid, setpgid, setuid...): Pid, ProcessGroup, Session, Uid, Gid.
        public const int SetIds = 0x0F03;
        // PM's figures of its processes' children's CPU time (ProcFsChildTicks), which ProcFs
        // reads itself, since it may not ask PM: a ProcFsGrant of them, sent when a reply says
        // ProcFs has none (it started, or restarted).
        public const int ChildTicks = 0x0F04;

        public const int Reply = 0x0F80;
    }

    public struct ProcFsProcess : IMessagePayload
    {
        public int Process;                         // the endpoint
        public int Pid, ParentPid;
        public int ProcessGroup, Session;
        public uint Uid, Gid;
        public ulong ArgumentsStart, ArgumentsEnd;  // Exec: argv's strings in its memory, NUL-separated
        public ulong FileName;                      // Exec: the file name it was started as (AT_EXECFN)
    }

    public struct ProcFsReply : IMessagePayload
    {
        public long Result;                         // 0, or a negated Linux errno (a full table: -EAGAIN)
        public int NeedsChildTicks;                 // 1: ProcFs has no grant of PM's ProcFsChildTicks yet
    }

    public struct ProcFsGrant : IMessagePayload
    {
        public int Grant;                           // a read grant of ProcFsChildTicks[Endpoint.Slots]
    }

    // One entry of PM's grant (ProcFsRequests.ChildTicks), at the kernel slot of the live process
    // it is for: the CPU time, in kernel ticks, of the children it waited for and of theirs
    // (times' cutime), written at each wait that reaps a child. An entry for another endpoint is
    // an earlier process's: this one has waited for none yet.
    public struct ProcFsChildTicks
    {
        public int Endpoint;
        public ulong Ticks;
    }
}
