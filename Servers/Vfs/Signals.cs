using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // Signals VFS raises: SIGPIPE for a write to a pipe without readers, asked of PM by SENDA
    // (PmRequests.Signal): VFS never waits on PM.
    internal static class Signals
    {
        private const int SigPipe = 13;

        public static void BrokenPipe(int endpoint)
        {
            Message message = default;
            message.Type = PmRequests.Signal;
            ref PmSignal signal = ref message.Payload<PmSignal>();
            signal.ProcessGroup = 0;
            signal.Process = endpoint;
            signal.Signal = SigPipe;
            AsyncSend.Send(BootEndpoints.Pm, in message);
        }
    }
}
