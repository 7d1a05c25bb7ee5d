using System;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // GETKSIG: a signal manager takes the pending signals of one process it manages (MINIX's
    // sys_getksig), written to its SignalReport at a0; Endpoint.None when no process has any.
    // The manager calls it until None after each notification from the System slot. The signals
    // are taken only once the report is written: a buffer VM has not backed yet makes the call
    // wait for VM and start again with them still pending, a bad one fails without losing them.
    internal static unsafe class DoGetKSig
    {
        public static long Run(int slot, ulong buffer)
        {
            SignalReport report = default;
            report.Endpoint = Endpoint.None;
            bool pending = KernelSignals.FindPending(slot, out int target, out uint signals);
            if (pending)
            {
                report.Endpoint = IpcProcesses.EndpointOf(target);
                report.Signals = signals;
            }
            long copied = VmSuspension.CopyOut(slot, new UserSlice<Writable>(buffer, (ulong)sizeof(SignalReport)), new ReadOnlySpan<byte>(&report, sizeof(SignalReport)));
            if (copied == 0 && pending) KernelSignals.Collected(target, signals);
            return copied;
        }
    }
}
