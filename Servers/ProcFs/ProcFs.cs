using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // The /proc file system server (Linux's procfs, MINIX's procfs): a file system behind VFS
    // (Abi/FsRequests.cs) whose files are made when read, from PM's news of the processes
    // (Abi/ProcFsRequests.cs), VFS's view of its own tables (Abi/ProcView.cs, granted at the
    // mount) and the kernel. It waits on nobody: VFS waits on it, and PM waits on VFS.
    internal static class ProcFs
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new ProcFsEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Source == BootEndpoints.Vfs && message.Type >= FsRequests.Mount && message.Type < FsRequests.Reply)
                {
                    ProcRequests.Handle(ref message);
                    message.Type = FsRequests.Reply;
                    Sef.Reply(BootEndpoints.Vfs, ref message);
                }
                else if (message.Source == BootEndpoints.Pm && message.Type >= ProcFsRequests.Exec && message.Type < ProcFsRequests.Reply)
                {
                    long result = message.Type == ProcFsRequests.ChildTicks
                        ? ProcessUsage.ChildTicksGranted(message.Payload<ProcFsGrant>().Grant)
                        : ProcessTable.Apply(message.Type, in message.Payload<ProcFsProcess>(), KernelFigures.Ticks(out _));
                    message.Type = ProcFsRequests.Reply;
                    message.Payload<ProcFsReply>() = new ProcFsReply { Result = result, NeedsChildTicks = ProcessUsage.KnowsChildTicks ? 0 : 1 };
                    Sef.Reply(BootEndpoints.Pm, ref message);
                }
            }
        }
    }

    internal sealed class ProcFsEvents : SefService
    {
        public override int InitFresh() => 0;
    }
}
