using System;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // GETINFO: kernel information for system processes (MINIX's sys_getinfo). a0 = what, a1 =
    // user buffer, a2 = its capacity where the answer is a table.
    // KernelInfo: total frames, free frames, process slots in use, process slots in all, as four
    // 64-bit words. BootServices: the boot image's services RS manages (Abi/BootServices.cs), up
    // to a2 entries; returns how many were written. BootParameters: the options ring-3 programs
    // read (Abi/BootParameters.cs). SpawnedAt: the endpoint SPAWN loaded the caller's program at,
    // as the result: how RS's new version, which runs only once UPDATE has moved it into RS's
    // slot, knows that it is one and where the old version that will initialise it now is.
    // A buffer VM has not backed yet makes the call wait for VM and start again.
    internal static unsafe class DoGetInfo
    {
        public static long Run(int slot, ulong what, ulong buffer, long capacity)
        {
            if (what == KernelCalls.InfoBootServices) return Services(slot, buffer, capacity);
            if (what == KernelCalls.InfoBootParameters) return Parameters(slot, buffer);
            if (what == KernelCalls.InfoRsRequests) return RsRequests(slot, buffer, capacity);
            if (what == KernelCalls.InfoSpawnedAt) return ProcessTable.Slot(slot).SpawnedAt;
            if (what != KernelCalls.InfoKernel) return -(long)Errno.EINVAL;
            ulong* info = stackalloc ulong[4];
            info[0] = PhysicalMemory.Frames.TotalFrames;
            info[1] = PhysicalMemory.Frames.FreeFrames;
            info[2] = 0;
            for (int i = 0; i < ProcessTable.Slots; i++)
                if (ProcessTable.Slot(i).State != ProcessState.Free) info[2]++;
            info[3] = ProcessTable.Slots;
            return Write(slot, buffer, new ReadOnlySpan<byte>(info, 32), 0);
        }

        private static long Parameters(int slot, ulong buffer)
        {
            BootParameters parameters = default;
            parameters.Seed = Boot.KernelOptions.Seed;
            if (!Boot.KernelOptions.RsBackoff) parameters.Flags |= BootParameterFlags.NoRestartBackoff;
            return Write(slot, buffer, new ReadOnlySpan<byte>(&parameters, sizeof(BootParameters)), 0);
        }

        private const int MaxRsRequests = 256;

        private static long RsRequests(int slot, ulong buffer, long capacity)
        {
            string text = Boot.KernelOptions.RsRequests;
            if (text.Length > MaxRsRequests) return -(long)Errno.ENAMETOOLONG;
            if (capacity < text.Length) return -(long)Errno.ENOSPC;
            Span<byte> ascii = stackalloc byte[MaxRsRequests];
            for (int i = 0; i < text.Length; i++) ascii[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            return Write(slot, buffer, ascii.Slice(0, text.Length), text.Length);
        }

        private static long Services(int slot, ulong buffer, long capacity)
        {
            if (capacity < 0 || capacity > ProcessTable.Slots) return -(long)Errno.EINVAL;
            BootService* services = stackalloc BootService[(int)capacity];
            int count = Boot.BootImage.Services(new Span<BootService>(services, (int)capacity));
            int bytes = count * sizeof(BootService);
            return Write(slot, buffer, new ReadOnlySpan<byte>(services, bytes), count);
        }

        // The answer copied to the caller's buffer: `result`, or the wait for VM, or EFAULT.
        private static long Write(int slot, ulong buffer, ReadOnlySpan<byte> answer, long result)
        {
            long copied = VmSuspension.CopyOut(slot, new UserSlice<Writable>(buffer, (ulong)answer.Length), answer);
            return copied == 0 ? result : copied;
        }
    }
}
