using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // The archives the root file system starts from: the boot module "root" (the build's), then
    // "initrd" (`run --initrd FILE`, or a `module2 FILE initrd` line in grub.cfg) unpacked over it,
    // as Linux unpacks its built-in initramfs and then the initrd. Each is copied into memory VM
    // gives, and stays there: unpacked files read their bytes in place.
    internal static unsafe class BootArchives
    {
        public static readonly ServiceLabel Root = ServiceLabel.From("root");
        public static readonly ServiceLabel Initrd = ServiceLabel.From("initrd");

        // The module's bytes in memory of our own (empty when the image has no such module);
        // a negated Errno when it cannot be had.
        public static long Load(ServiceLabel module, IMemorySource memory, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            long length = Kernel.BootModule(module, default);
            if (length == -(int)Errno.ENOENT || length == 0) return 0;
            if (length < 0) return length;
            ulong mapped = (ulong)(length + PagePool.PageSize - 1) & ~(ulong)(PagePool.PageSize - 1);
            ulong region = memory.Map(mapped);
            if (region == 0) return -(int)Errno.ENOMEM;
            // Every page backed before the kernel copies into it: one copy instead of one per
            // page the copy would otherwise stop at to wait for VM.
            for (ulong page = 0; page < mapped; page += PagePool.PageSize) *(byte*)(region + page) = 0;
            long copied = Kernel.BootModule(module, new Span<byte>((void*)region, (int)length));
            if (copied < 0) return copied;
            bytes = new ReadOnlySpan<byte>((void*)region, (int)length);
            return 0;
        }
    }
}
