using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Lunix.FileSystems.Iso9660
{
    // The ISO9660 file system server (Linux's isofs, MINIX's isofs): CDs, DVDs and their images
    // on any block device, with Rock Ridge and Joliet names, read-only, behind VFS. Each Mount
    // opens the device it names through its block driver and serves the volume there; several at
    // once. It answers VFS's FsRequests at once and waits only on the block drivers, which wait on
    // nobody. Nothing of a volume is kept between requests but a few cached blocks: inode numbers
    // are where the records lie, so a restart by RS loses nothing VFS holds but the mounts.
    internal static class IsoServer
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new SefService());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Source != BootEndpoints.Vfs || message.Type < FsRequests.Mount || message.Type >= FsRequests.Reply) continue;
                IsoRequestHandlers.Handle(ref message);
                message.Type = FsRequests.Reply;
                Sef.Reply(BootEndpoints.Vfs, ref message);
            }
        }
    }
}
