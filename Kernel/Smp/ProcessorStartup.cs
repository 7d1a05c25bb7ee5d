using System;
using System.Threading;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Acpi;
using Lunix.Arch.X86.Interrupts;
using Lunix.Arch.X86.Smp;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Smp
{
    // The boot processor starts the others the MADT lists (MINIX's smp_init), one at a time:
    // each gets an index, a per-CPU area and a kernel stack, and the trampoline's INIT-SIPI-SIPI
    // sequence (Intel SDM 8.4.4.1); it is online once its own timer ticks (ApplicationProcessor).
    // A processor that does not come up within a second is put back to sleep with INIT and left out.
    public static unsafe class ProcessorStartup
    {
        private const int StackSize = ApplicationProcessor.StackSize;
        private const ulong LowMemoryEnd = 0xA0000;     // conventional memory ends where VGA's begins

        public static void StartOthers(in Madt madt, ReadOnlySpan<MemoryRegion> memoryMap)
        {
            int listed = Math.Min(madt.ProcessorCount, CpuLocal.MaxCpus);
            if (listed < 2) return;
            if (!TryFindTrampolinePages(memoryMap, out ulong trampoline))
            {
                SystemConsole.WriteLine("lunix: smp: no free memory below 640 KiB for the start-up trampoline; using one CPU");
                return;
            }
            ApTrampoline.Install(trampoline, KernelAddressSpace.Kernel.Root);
            uint self = CpuLocal.Current.ApicId;
            for (int i = 0; i < listed; i++)
            {
                uint apicId = madt.ApicIdOf(i);
                if (apicId != self && !Start(apicId))
                    SystemConsole.Print("lunix: smp: the CPU with APIC id %u did not start; left out\n", apicId);
            }
            CpuLocal.Started();
            SystemConsole.Print("lunix: smp: %d of %d CPUs online%s\n", CpuLocal.Count, madt.ProcessorCount,
                madt.ProcessorCount > CpuLocal.MaxCpus ? " (Lunix starts at most 64)" : "");
        }

        private static bool Start(uint apicId)
        {
            uint index = CpuLocal.Reserve();
            byte[] stack = new byte[StackSize];
            fixed (byte* bottom = stack)
            {
                ApplicationProcessor.StackBottom = (ulong)bottom;
                ApplicationProcessor.StackTop = ((ulong)bottom + StackSize) & ~15UL;
                ApTrampoline.Prepare(index, ApplicationProcessor.StackTop);
            }
            LocalApic.SendInit(apicId);
            Wait(Clock.TscPerSecond / 100);                                 // 10 ms
            for (int attempt = 0; attempt < 2; attempt++)
            {
                LocalApic.SendStartup(apicId, ApTrampoline.StartupVector);
                if (WaitOnline(index, attempt == 0 ? Clock.TscPerSecond / 5000 : Clock.TscPerSecond)) return true;
            }
            LocalApic.SendInit(apicId);
            CpuLocal.Release(index);
            return false;
        }

        private static bool WaitOnline(uint index, ulong tsc)
        {
            ulong deadline = Cpu.ReadTsc() + tsc;
            while (Cpu.ReadTsc() < deadline)
                if (Volatile.Read(ref CpuLocal.Of((int)index).Online) != 0) return true;
            return false;
        }

        private static void Wait(ulong tsc)
        {
            ulong deadline = Cpu.ReadTsc() + tsc;
            while (Cpu.ReadTsc() < deadline) { }
        }

        // Four free pages below 640 KiB, above the real-mode interrupt table and BIOS data (the
        // frame allocator hands out none of the first MiB, so these are the trampoline's alone).
        private static bool TryFindTrampolinePages(ReadOnlySpan<MemoryRegion> memoryMap, out ulong physical)
        {
            const ulong bytes = ApTrampoline.Pages * 4096UL;
            foreach (MemoryRegion region in memoryMap)
            {
                if (region.Type != MemoryRegionType.Available) continue;
                ulong start = Math.Max((region.Base + 4095) & ~4095UL, 0x1000);
                ulong end = Math.Min(region.Base + region.Length, LowMemoryEnd);
                if (start + bytes <= end)
                {
                    physical = start;
                    return true;
                }
            }
            physical = 0;
            return false;
        }
    }
}
