using System;
using Lunix.Arch.X86.Memory;
using Lunix.Arch.X86.Platform;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Boot
{
    // An initrd QEMU hands over as the fw_cfg file opt/lunix/initrd (`run --initrd FILE`): read
    // into frames of its own, kept for the life of the system, and made the boot module "initrd",
    // which the RAM file system unpacks over the root. On real hardware a `module2 FILE initrd`
    // line in grub.cfg gives the same module through GRUB.
    internal static unsafe class FwCfgInitrd
    {
        private const string ModuleName = "initrd";

        public static void Load()
        {
            long size = FwCfg.FileSize("opt/lunix/initrd"u8, out ushort key);
            if (size <= 0) return;
            if (BootModules.TryFind(ModuleName, out _))
            {
                SystemConsole.WriteLine("lunix: initrd: GRUB loaded one already; QEMU's is left out");
                return;
            }
            ulong frames = ((ulong)size + FrameAllocator.FrameSize - 1) / FrameAllocator.FrameSize;
            if (!PhysicalMemory.Frames.TryAllocateContiguous(frames, FrameAllocator.FrameSize, FrameZone.Any, out ulong physical))
            {
                SystemConsole.Print("lunix: initrd: no room for its %lu bytes\n", (ulong)size);
                return;
            }
            FwCfg.Read(key, new Span<byte>(DirectMap.ToVirtual(physical), (int)size));
            BootModules.Add(physical, physical + (ulong)size, ModuleName);
            SystemConsole.Print("lunix: initrd: %lu bytes from QEMU\n", (ulong)size);
        }
    }
}
