using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.DsPeer
{
    // The ds suite's second process: it makes the DS requests dstest hands it as its own
    // (Abi/DsPeerRequests.cs), so DS sees two owners and two subscribers. Anything else is
    // dropped: DS's notifications (dstest asks for Check through it instead), and requests,
    // which only dstest makes.
    internal static unsafe class DsPeer
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message;
            while (true)
            {
                if (Syscalls.Receive(Endpoint.Any, &message) != 0 || message.Type != DsPeerRequests.Forward) continue;
                int caller = message.Source;
                message.Type = (int)message.Word6;
                message.Word6 = 0;
                int status = Syscalls.SendReceive(BootEndpoints.Ds, &message);
                if (status != 0) message.Word0 = status;
                Syscalls.Send(caller, &message);
            }
        }
    }
}
