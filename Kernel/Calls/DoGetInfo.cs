using System;
using Lunix.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // GETINFO: kernel information for system processes (MINIX's sys_getinfo). a0 = what, a1 =
    // user buffer. What 1 (KernelInfo): total frames, free frames, process slots in use,
    // process slots in all, as four 64-bit words.
    internal static unsafe class DoGetInfo
    {
        public const int KernelInfo = 1;

        public static long Run(int slot, ulong what, ulong buffer)
        {
            if (what != KernelInfo) return -(long)Errno.EINVAL;
            ulong* info = stackalloc ulong[4];
            info[0] = PhysicalMemory.Frames.TotalFrames;
            info[1] = PhysicalMemory.Frames.FreeFrames;
            info[2] = 0;
            for (int i = 0; i < ProcessTable.Slots; i++)
                if (ProcessTable.Slot(i).State != ProcessState.Free) info[2]++;
            info[3] = ProcessTable.Slots;
            return -(long)new UserSlice<Writable>(buffer, 32).CopyFrom(new ReadOnlySpan<byte>(info, 32));
        }
    }
}
