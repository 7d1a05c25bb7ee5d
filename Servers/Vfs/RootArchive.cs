using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // The root file system's contents: the boot module "root", a newc cpio archive, copied at
    // start into memory VM gives VFS (it is larger than any program's heap). An image without
    // the module has an empty root.
    internal static unsafe class RootArchive
    {
        private const ulong PageSize = VmRequests.PageSize;
        private static readonly ServiceLabel Module = ServiceLabel.From("root");

        private static byte* s_bytes;
        private static int s_length;

        public static CpioArchive Archive => new CpioArchive(new ReadOnlySpan<byte>(s_bytes, s_length));

        // The archive's bytes from `offset`, for a grant of a file's contents.
        public static ReadOnlySpan<byte> Bytes(int offset, int length) => new ReadOnlySpan<byte>(s_bytes + offset, length);

        public static int Load()
        {
            long length = Kernel.BootModule(Module, default);
            if (length == -(int)Errno.ENOENT) return 0;
            if (length <= 0) return (int)length;
            ulong mapped = (ulong)(length + (long)PageSize - 1) & ~(PageSize - 1);
            long region = VirtualMemory.Map(mapped, VmProtection.Writable);
            if (region < 0) return (int)region;
            // Every page backed before the kernel copies into it: one copy instead of one per
            // page the copy would otherwise stop at to wait for VM.
            for (ulong page = 0; page < mapped; page += PageSize) *(byte*)((ulong)region + page) = 0;
            long copied = Kernel.BootModule(Module, new Span<byte>((void*)region, (int)length));
            if (copied < 0) return (int)copied;
            s_bytes = (byte*)region;
            s_length = (int)length;
            return 0;
        }
    }
}
