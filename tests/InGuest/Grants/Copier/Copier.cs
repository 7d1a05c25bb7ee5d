using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.Copier
{
    // A server of the grants suite (two run: CopierA and CopierB). On a client's request it
    // copies from or to a grant with SAFECOPY, or passes on a part of a grant as an indirect grant
    // of its own, and answers with the kernel's result (tests/InGuest/Library/CopierRequests.cs).
    internal static class Copier
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            while (true)
            {
                if (Syscalls.Receive(Endpoint.Any, out Message message) != 0) continue;
                Message reply = default;
                reply.Type = message.Type + 1;
                ref CopierReply answer = ref reply.Payload<CopierReply>();
                answer.Result = Serve(message.Type, ref message.Payload<CopierRequest>(), ref answer);
                Syscalls.Send(message.Source, reply);
            }
        }

        private static long Serve(int type, ref CopierRequest request, ref CopierReply reply)
        {
            switch (type)
            {
                case CopierRequests.Read:
                    if (request.Length > CopierRequests.ReadMax) return -(int)Errno.EINVAL;
                    return new GrantedSlice<Readable>(request.Owner, request.Grant, request.Offset, request.Length).CopyTo(reply.Data);
                case CopierRequests.Write:
                    if (request.Length > CopierRequests.WriteMax) return -(int)Errno.EINVAL;
                    ReadOnlySpan<byte> data = request.Data;
                    return new GrantedSlice<Writable>(request.Owner, request.Grant, request.Offset, request.Length).CopyFrom(data.Slice(0, (int)request.Length));
                case CopierRequests.PassOn:
                    return GrantTable.GrantIndirect(request.Grantee, request.Owner, request.Grant, request.Offset, request.Length, request.Rights);
                default:
                    return -(int)Errno.EBADREQUEST;
            }
        }
    }
}
