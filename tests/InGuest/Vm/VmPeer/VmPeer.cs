using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.VmPeer
{
    // The vm suite's second process: it reads, writes and translates addresses of its own space
    // when vmtest asks (tests/InGuest/Library/VmPeerRequests.cs), so vmtest sees memory it shared
    // from the other side, and sends back what it is given (a message for vmtest to receive).
    // vmtest is its signal manager: a read outside its regions is the suite's SIGSEGV.
    internal static unsafe class VmPeer
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            while (true)
            {
                if (Syscalls.Receive(TestEndpoints.VmTest, out Message message) != 0) continue;
                ref VmPeerAccess access = ref message.Payload<VmPeerAccess>();
                long* word = (long*)access.Address;
                switch (message.Type)
                {
                    case VmPeerRequests.Read: access.Value = *word; break;
                    case VmPeerRequests.Write: *word = access.Value; break;
                    case VmPeerRequests.Umap: access.Value = Syscalls.KernelCall(KernelCalls.Umap, (long)access.Address, 8); break;
                    case VmPeerRequests.Echo: break;
                    default: continue;
                }
                Syscalls.Send(TestEndpoints.VmTest, message);
            }
        }
    }
}
