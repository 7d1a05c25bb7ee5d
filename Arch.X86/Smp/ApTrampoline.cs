using System;
using System.Runtime.InteropServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Arch.X86.Smp
{
    // The real-mode trampoline (Boot/smp.S) where a startup IPI wakes another processor: copied
    // to four pages below 1 MiB, the code and its parameter block first, then the page tables it
    // climbs to long mode on: a PML4 whose lower half identity-maps the first 2 MiB (where the
    // trampoline runs until it jumps into the kernel image) and whose upper half is the kernel's.
    // One processor starts at a time: the block holds that one's stack and index.
    public static unsafe class ApTrampoline
    {
        public const int Pages = 4;
        private const ulong PageSize = 4096, Present = 1, Writable = 2, Huge = 0x80;
        private const int ParametersOffset = 8;

        [DllImport("*", EntryPoint = "lunix_ap_trampoline"), SuppressGCTransition]
        private static extern void Bounds(ulong* start, ulong* end);

        // Boot/smp.S's parameter block, at offset 8 of the trampoline.
        [StructLayout(LayoutKind.Explicit)]
        private struct Parameters
        {
            [FieldOffset(34)] public uint GdtBase;
            [FieldOffset(40)] public uint Jump32;
            [FieldOffset(48)] public uint Jump64;
            [FieldOffset(56)] public uint TrampolineCr3;
            [FieldOffset(64)] public ulong KernelCr3;
            [FieldOffset(72)] public ulong StackTop;
            [FieldOffset(80)] public uint CpuIndex;
        }

        private static ulong s_physical;

        // The startup IPI's vector: the page the processor starts at.
        public static byte StartupVector => (byte)(s_physical >> 12);

        // Copies the trampoline to `physical` (page-aligned, below 1 MiB, Pages free pages) and
        // builds its tables; `kernelRoot` is the kernel's PML4, whose upper half it shares.
        public static void Install(ulong physical, ulong kernelRoot)
        {
            ulong start, end;
            Bounds(&start, &end);
            s_physical = physical;
            byte* page = DirectMap.ToVirtual(physical);
            new Span<byte>(page, (int)(Pages * PageSize)).Clear();
            new ReadOnlySpan<byte>((void*)start, (int)(end - start)).CopyTo(new Span<byte>(page, (int)PageSize));

            Parameters* parameters = (Parameters*)(page + ParametersOffset);
            parameters->GdtBase += (uint)physical;
            parameters->Jump32 += (uint)physical;
            parameters->Jump64 += (uint)physical;

            ulong pml4 = physical + PageSize, pdpt = physical + 2 * PageSize, directory = physical + 3 * PageSize;
            ulong* pml4Entries = (ulong*)DirectMap.ToVirtual(pml4);
            ulong* kernelEntries = (ulong*)DirectMap.ToVirtual(kernelRoot);
            for (int i = 256; i < 512; i++) pml4Entries[i] = kernelEntries[i];
            pml4Entries[0] = pdpt | Present | Writable;
            *(ulong*)DirectMap.ToVirtual(pdpt) = directory | Present | Writable;
            *(ulong*)DirectMap.ToVirtual(directory) = Present | Writable | Huge;   // 0..2 MiB, executable
            parameters->TrampolineCr3 = (uint)pml4;
            parameters->KernelCr3 = kernelRoot;
        }

        // What the next processor to start gets: its index and the top of its kernel stack.
        public static void Prepare(uint cpuIndex, ulong stackTop)
        {
            Parameters* parameters = (Parameters*)(DirectMap.ToVirtual(s_physical) + ParametersOffset);
            parameters->CpuIndex = cpuIndex;
            parameters->StackTop = stackTop;
        }
    }
}
