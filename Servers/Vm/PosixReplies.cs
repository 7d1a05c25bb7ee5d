using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // A POSIX process's answer: a PosixReply, whose Result the kernel puts in its RAX.
    internal sealed class PosixReplies : IPosixReplies
    {
        public void Reply(int process, long result) => Send(process, result);

        public static void Send(int process, long result)
        {
            Message reply = default;
            reply.Type = PosixRequests.Reply;
            reply.Payload<PosixReply>().Result = result;
            Sef.Reply(process, ref reply);
        }
    }
}
