using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.RelayB
{
    // Part of the IPC suite's deadlock scenario: blocks sending to ping (so ping -> relayb would
    // close a cycle of two), then takes relaya's message and exits.
    internal static class RelayB
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message = default;
            message.Type = 0xB;
            if (Syscalls.Send(TestEndpoints.Ping, message) != 0) return 1;
            return Syscalls.Receive(TestEndpoints.RelayA, out message) == 0 && message.Type == 0xA ? 0 : 2;
        }
    }
}
