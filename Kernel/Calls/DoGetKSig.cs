using System;
using Lunix.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // GETKSIG: a signal manager takes the pending signals of one process it manages (MINIX's
    // sys_getksig), written to its SignalReport at a0; Endpoint.None when no process has any.
    // The manager calls it until None after each notification from the System slot.
    internal static unsafe class DoGetKSig
    {
        public static long Run(int slot, ulong buffer)
        {
            SignalReport report = default;
            report.Endpoint = Endpoint.None;
            if (KernelSignals.TakePending(slot, out int target, out uint signals))
            {
                report.Endpoint = IpcDoor.EndpointOf(target);
                report.Signals = signals;
            }
            return -(long)new UserSlice<Writable>(buffer, (ulong)sizeof(SignalReport)).CopyFrom(new ReadOnlySpan<byte>(&report, sizeof(SignalReport)));
        }
    }
}
