using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.DsPeer
{
    // The ds suite's second process: it makes the DS requests dstest hands it as its own
    // (tests/InGuest/Library/DsPeerRequests.cs), so DS sees two owners and two subscribers.
    // Anything else is dropped: DS's notifications (dstest asks for Check through it instead),
    // and requests, which only dstest makes.
    internal static class DsPeer
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            while (true)
            {
                if (Syscalls.Receive(Endpoint.Any, out Message forwarded) != 0 || forwarded.Type != DsPeerRequests.Forward) continue;
                ref DsPeerForward forward = ref forwarded.Payload<DsPeerForward>();
                Message request = default;
                request.Type = forward.RequestType;
                request.Payload<DsRequest>() = forward.Request;
                int status = Syscalls.SendReceive(BootEndpoints.Ds, ref request);
                if (status != 0) request.Payload<DsReply>().Result = status;
                Syscalls.Send(forwarded.Source, request);
            }
        }
    }
}
