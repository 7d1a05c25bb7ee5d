using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // What a process uses, for its stat, status and statm, asked of whoever owns each figure when
    // one of those files is read. The kernel (GETINFO ProcessFigures): the timer ticks that found
    // it running, which are all user time (the kernel runs with interrupts off, and time in the
    // servers is theirs), the memory it maps now, and the span of its regions in VM's record,
    // which the kernel keeps. PM: its waited-for children's CPU time, read through the grant PM
    // makes this server (Abi/ProcFsRequests.cs, ChildTicks), since this server may not ask PM.
    public static unsafe class ProcessUsage
    {
        private static int s_childTicksGrant = -1;

        public static bool KnowsChildTicks => s_childTicksGrant >= 0;

        public static long ChildTicksGranted(int grant)
        {
            s_childTicksGrant = grant;
            return 0;
        }

        // The figures in USER_HZ ticks, from the kernel's `hz`.
        public static void Fill(int endpoint, ulong hz, ref ProcessFacts facts)
        {
            if (Kernel.FiguresOf(endpoint, out ProcessFigures figures) == 0)
            {
                facts.UserTicks = figures.Times.UserTicks * 100 / hz;
                facts.ResidentBytes = figures.Times.ResidentBytes;
                facts.VirtualBytes = figures.VirtualBytes;
                facts.Processor = figures.Processor;
            }
            facts.ChildTicks = ChildTicksOf(endpoint) * 100 / hz;
        }

        // A grant that fails to copy is one an earlier PM made (PM restarted or was updated): it
        // is forgotten, so the reply to PM's next news asks the PM there now for its own.
        private static ulong ChildTicksOf(int endpoint)
        {
            int slot = Endpoint.SlotOf(endpoint);
            if (s_childTicksGrant < 0 || (uint)slot >= Endpoint.Slots) return 0;
            ProcFsChildTicks entry;
            ulong at = (ulong)slot * (ulong)sizeof(ProcFsChildTicks);
            var slice = new GrantedSlice<Readable>(BootEndpoints.Pm, s_childTicksGrant, at, (ulong)sizeof(ProcFsChildTicks));
            if (slice.CopyTo(new Span<byte>(&entry, sizeof(ProcFsChildTicks))) != 0)
            {
                s_childTicksGrant = -1;
                return 0;
            }
            return entry.Endpoint == endpoint ? entry.Ticks : 0;
        }
    }
}
