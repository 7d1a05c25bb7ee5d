using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // Each live process's children's CPU time (ChildTicks: times' cutime) where ProcFs reads it
    // for /proc/PID/stat, through a read grant PM makes it (Abi/ProcFsRequests.cs, ChildTicks):
    // one entry per kernel slot, written at each wait that reaps a child. ProcFs may not ask PM
    // (PM waits on VFS, which waits on ProcFs), and news at each wait would cost every wait a
    // message; the store costs it nothing it would notice.
    internal static class ChildTicksView
    {
        private static readonly ProcFsChildTicks[] s_entries = new ProcFsChildTicks[Endpoint.Slots];
        private static int s_grant = -1;

        public static void Waited(in PosixProcess waiter) =>
            s_entries[Endpoint.SlotOf(waiter.Endpoint)] = new ProcFsChildTicks { Endpoint = waiter.Endpoint, Ticks = waiter.ChildTicks };

        // The grant, made when ProcFs first asks: a negated Errno when it cannot be.
        public static int Grant()
        {
            if (s_grant < 0) s_grant = GrantTable.GrantReadable(BootEndpoints.ProcFs, MemoryMarshal.Cast<ProcFsChildTicks, byte>(s_entries.AsSpan()));
            return s_grant;
        }
    }
}
