using System.Runtime.CompilerServices;

namespace Lunix.Servers.ProcFs
{
    // What /proc shows of one process, gathered from PM's news (ids, parent, name), VFS's view
    // (whether it waits in a call VFS holds) and the kernel (uptime), for the formats.
    public struct ProcessFacts
    {
        public int Pid, ParentPid, ProcessGroup, Session;
        public uint Uid, Gid;
        public uint Umask;
        public char State;                  // 'R' running or ready, 'S' waiting in a call
        public ProcessName Name;            // comm: at most 15 bytes, NUL-ended
        public ulong StartTicks;            // when it started, in USER_HZ ticks after boot
        public int OpenDescriptors;
    }

    [InlineArray(16)]
    public struct ProcessName
    {
        private byte _first;
    }
}
