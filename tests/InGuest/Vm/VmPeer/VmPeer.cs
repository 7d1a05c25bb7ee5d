using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.VmPeer
{
    // The vm suite's second process: it reads, writes and translates addresses of its own space
    // when vmtest asks (Abi/VmPeerRequests.cs), so vmtest sees memory it shared from the other
    // side, and sends back what it is given (a message for vmtest to receive). vmtest is its
    // signal manager: a read outside its regions is the suite's SIGSEGV.
    internal static unsafe class VmPeer
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message;
            while (true)
            {
                if (Syscalls.Receive(TestEndpoints.VmTest, &message) != 0) continue;
                long* word = (long*)message.Word0;
                switch (message.Type)
                {
                    case VmPeerRequests.Read: message.Word1 = *word; break;
                    case VmPeerRequests.Write: *word = message.Word1; break;
                    case VmPeerRequests.Umap: message.Word1 = Syscalls.KernelCall(KernelCalls.Umap, message.Word0, 8); break;
                    case VmPeerRequests.Echo: break;
                    default: continue;
                }
                Syscalls.Send(TestEndpoints.VmTest, &message);
            }
        }
    }
}
