using System.Runtime.CompilerServices;

namespace Lunix.Servers.ProcFs
{
    // What /proc shows of one process, gathered from PM's news (ids, parent, name), VFS's view
    // (whether it waits in a call VFS holds), the kernel (uptime, its CPU time and memory) and
    // PM's figures (its children's CPU time), for the formats.
    public struct ProcessFacts
    {
        public int Pid, ParentPid, ProcessGroup, Session;
        public uint Uid, Gid;
        public uint Umask;
        public char State;                  // 'R' running or ready, 'S' waiting in a call
        public ProcessName Name;            // comm: at most 15 bytes, NUL-ended
        public ulong StartTicks;            // when it started, in USER_HZ ticks after boot
        public int OpenDescriptors;
        public ulong UserTicks;             // its CPU time, in USER_HZ ticks (all user time: see ProcessUsage)
        public ulong ChildTicks;            // that of the children it waited for, and theirs
        public int Processor;               // the processor it runs on
        public ulong VirtualBytes;          // the address space its regions span
        public ulong ResidentBytes;         // the memory it maps now
    }

    [InlineArray(16)]
    public struct ProcessName
    {
        private byte _first;
    }
}
