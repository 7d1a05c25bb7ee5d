using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

// Locals are not zeroed on entry (C#'s default): the compiler proves each assigned before use,
// and no stackalloc here is read before it is written.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Lunix.Servers.RamFs
{
    // The RAM file system server (Linux's ramfs and tmpfs, MINIX's file system servers behind
    // VFS): the root of the tree, filled at its mount from the boot archives, and every tmpfs VFS
    // mounts. It answers VFS's FsRequests, each at once, and copies file bytes straight to and
    // from the programs' buffers through the magic grants VFS makes (FsRequestHandlers).
    internal static class RamFs
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new RamFsEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Source != BootEndpoints.Vfs || message.Type < FsRequests.Mount || message.Type >= FsRequests.Reply) continue;
                FsRequestHandlers.Handle(ref message);
                message.Type = FsRequests.Reply;
                Sef.Reply(BootEndpoints.Vfs, ref message);
            }
        }
    }

    internal sealed class RamFsEvents : MemoryStateService
    {
        public override int InitFresh()
        {
            var memory = new VmMemory();
            var fs = new RamFileSystem(memory);
            if (!fs.Inodes.IsReady) return -(int)Errno.ENOMEM;
            // Files may take half the machine's memory, as Linux's tmpfs by default (PagePool.Limit).
            if (Kernel.MemoryFrames(out ulong frames, out _) == 0 && frames > 0) fs.Pages.Limit = Math.Min(PagePool.Capacity, (long)(frames / 2));
            long root = BootArchives.Load(BootArchives.Root, memory, out ReadOnlySpan<byte> rootArchive);
            if (root < 0) return (int)root;
            long initrd = BootArchives.Load(BootArchives.Initrd, memory, out ReadOnlySpan<byte> initrdArchive);
            if (initrd < 0) Report("cannot read the initrd", initrd);
            FsRequestHandlers.Start(fs, rootArchive, initrdArchive);
            return 0;
        }

        private static void Report(string what, long error) =>
            new ConsoleLine(stackalloc char[96]).Append("ramfs: ").Append(what).Append(": error ").Append((ulong)(-error)).Print();
    }
}
