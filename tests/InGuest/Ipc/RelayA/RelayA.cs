using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.RelayA
{
    // Part of the IPC suite's deadlock scenario: starts before ping and blocks sending to relayb,
    // which is itself blocked sending to ping, so a SEND from ping to relaya would close a cycle
    // of three. Exits once relayb has taken the message.
    internal static class RelayA
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message = default;
            message.Type = 0xA;
            return Syscalls.Send(TestEndpoints.RelayB, message) == 0 ? 0 : 1;
        }
    }
}
