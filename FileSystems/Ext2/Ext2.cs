using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Lunix.FileSystems.Ext2
{
    // The ext2 file system server (Linux's fs/ext2), read-write, behind VFS: each Mount opens the
    // block device it names through its driver and serves the volume there; several at once. It
    // answers VFS's FsRequests at once and waits only on the block drivers, which wait on nobody.
    // Changes stay in its block cache until a sync, an fsync, the unmount or the periodic
    // write-back (PeriodicWriteBack, within 5 seconds) writes them back; a restart by RS loses
    // those not yet written and the mounts (the volume is then left marked not clean, for
    // e2fsck, as after a crash).
    internal static class Ext2Server
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new SefService());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Source == BootEndpoints.Kernel && message.Type == Message.NotifyMessage) PeriodicWriteBack.AlarmRang();
                if (message.Source != BootEndpoints.Vfs || message.Type < FsRequests.Mount || message.Type >= FsRequests.Reply) continue;
                Ext2RequestHandlers.Handle(ref message);
                message.Type = FsRequests.Reply;
                Sef.Reply(BootEndpoints.Vfs, ref message);
                PeriodicWriteBack.AfterRequest();
            }
        }
    }
}
