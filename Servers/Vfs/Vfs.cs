using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // VFS, the virtual file system server (MINIX's servers/vfs): the file side of the POSIX
    // personality. POSIX processes' file calls reach it as PosixCall messages sent in their name
    // (the kernel's PosixDoor); PM asks it for programs to execve (VfsRequests). This first
    // version serves a read-only root from the boot module "root", a newc cpio archive the build
    // packs (CpioArchive), and the console as descriptors 0, 1 and 2 (ConsoleFiles).
    internal static class Vfs
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new VfsEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                int caller = message.Source;
                long result;
                if (message.Type == PosixRequests.Call)
                {
                    result = PosixCalls.Handle(caller, in message.Payload<PosixCall>());
                    Message reply = default;
                    reply.Type = PosixRequests.Reply;
                    reply.Payload<PosixReply>().Result = result;
                    Sef.Reply(caller, ref reply);
                }
                else if (message.Type == VfsRequests.ExecOpen || message.Type == VfsRequests.Release)
                {
                    Message reply = default;
                    reply.Type = VfsRequests.Reply;
                    ref VfsReply answer = ref reply.Payload<VfsReply>();
                    answer.Result = message.Type == VfsRequests.ExecOpen
                        ? ExecFiles.Open(caller, in message.Payload<VfsExecOpen>(), out answer.Grant)
                        : ExecFiles.Release(in message.Payload<VfsRelease>());
                    answer.Owner = BootEndpoints.Vfs;
                    Sef.Reply(caller, ref reply);
                }
                else if (message.Type != Message.NotifyMessage)
                {
                    // A request this VFS does not know (PM's news of forks and exits, before VFS
                    // keeps descriptors per process): answered, so its sender never waits forever.
                    Message reply = default;
                    reply.Type = VfsRequests.Reply;
                    reply.Payload<VfsReply>().Result = -(long)LinuxErrno.ENOSYS;
                    Sef.Reply(caller, ref reply);
                }
            }
        }
    }

    internal sealed class VfsEvents : SefService
    {
        public override int InitFresh() => RootArchive.Load();
    }
}
