using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.Copier
{
    // A server of the grants suite (two run: CopierA and CopierB). On a client's request it
    // copies from or to a grant with SAFECOPY, or passes on a part of a grant as an indirect grant
    // of its own, and answers with the kernel's result (Abi/CopierRequests.cs).
    internal static unsafe class Copier
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message;
            while (true)
            {
                if (Syscalls.Receive(Endpoint.Any, &message) != 0) continue;
                int caller = message.Source;
                Message reply = default;
                reply.Type = message.Type + 1;
                int owner = (int)message.Word0, grant = (int)message.Word1;
                ulong offset = (ulong)message.Word2, length = (ulong)message.Word3;
                if (message.Type == CopierRequests.Read)
                    reply.Word0 = length > CopierRequests.ReadMax ? -(int)Errno.EINVAL
                        : Syscalls.SafeCopyFrom(owner, grant, offset, &reply.Word1, length);
                else if (message.Type == CopierRequests.Write)
                    reply.Word0 = length > CopierRequests.WriteMax ? -(int)Errno.EINVAL
                        : Syscalls.SafeCopyTo(owner, grant, offset, &message.Word4, length);
                else if (message.Type == CopierRequests.PassOn)
                    reply.Word0 = GrantTable.GrantIndirect((int)message.Word4, owner, grant, offset, length, (GrantFlags)message.Word5);
                else
                    reply.Word0 = -(int)Errno.EBADREQUEST;
                Syscalls.Send(caller, &reply);
            }
        }
    }
}
