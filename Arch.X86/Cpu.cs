using System.Runtime.InteropServices;

namespace Lunix.Arch.X86
{
    // The privileged instructions, each a few lines of assembly in Boot/cpu.S.
    public static unsafe class Cpu
    {
        [DllImport("*", EntryPoint = "lunix_outb"), SuppressGCTransition] public static extern void Out8(ushort port, byte value);
        [DllImport("*", EntryPoint = "lunix_outw"), SuppressGCTransition] public static extern void Out16(ushort port, ushort value);
        [DllImport("*", EntryPoint = "lunix_outl"), SuppressGCTransition] public static extern void Out32(ushort port, uint value);
        [DllImport("*", EntryPoint = "lunix_inb"), SuppressGCTransition] public static extern byte In8(ushort port);
        [DllImport("*", EntryPoint = "lunix_inw"), SuppressGCTransition] public static extern ushort In16(ushort port);
        [DllImport("*", EntryPoint = "lunix_inl"), SuppressGCTransition] public static extern uint In32(ushort port);

        [DllImport("*", EntryPoint = "lunix_read_cr0"), SuppressGCTransition] public static extern ulong ReadCr0();
        [DllImport("*", EntryPoint = "lunix_read_cr2"), SuppressGCTransition] public static extern ulong ReadCr2();
        [DllImport("*", EntryPoint = "lunix_read_cr3"), SuppressGCTransition] public static extern ulong ReadCr3();
        [DllImport("*", EntryPoint = "lunix_write_cr3"), SuppressGCTransition] public static extern void WriteCr3(ulong value);
        [DllImport("*", EntryPoint = "lunix_read_cr4"), SuppressGCTransition] public static extern ulong ReadCr4();
        [DllImport("*", EntryPoint = "lunix_write_cr4"), SuppressGCTransition] public static extern void WriteCr4(ulong value);

        [DllImport("*", EntryPoint = "lunix_rdmsr"), SuppressGCTransition] public static extern ulong ReadMsr(uint msr);
        [DllImport("*", EntryPoint = "lunix_wrmsr"), SuppressGCTransition] public static extern void WriteMsr(uint msr, ulong value);
        [DllImport("*", EntryPoint = "lunix_cpuid"), SuppressGCTransition] private static extern void CpuIdRaw(uint leaf, uint subleaf, uint* result);
        [DllImport("*", EntryPoint = "lunix_rdtsc"), SuppressGCTransition] public static extern ulong ReadTsc();

        [DllImport("*", EntryPoint = "lunix_lgdt"), SuppressGCTransition] public static extern void LoadGdt(void* pointer);
        [DllImport("*", EntryPoint = "lunix_lidt"), SuppressGCTransition] public static extern void LoadIdt(void* pointer);
        [DllImport("*", EntryPoint = "lunix_ltr"), SuppressGCTransition] public static extern void LoadTaskRegister(ushort selector);
        [DllImport("*", EntryPoint = "lunix_reload_segments"), SuppressGCTransition] public static extern void ReloadSegments(ulong codeSelector, ulong dataSelector);
        [DllImport("*", EntryPoint = "lunix_invlpg"), SuppressGCTransition] public static extern void InvalidatePage(ulong address);

        [DllImport("*", EntryPoint = "lunix_read_rbp"), SuppressGCTransition] public static extern ulong ReadFramePointer();
        [DllImport("*", EntryPoint = "lunix_read_rflags"), SuppressGCTransition] public static extern ulong ReadFlags();
        [DllImport("*", EntryPoint = "lunix_enable_interrupts"), SuppressGCTransition] public static extern void EnableInterrupts();
        [DllImport("*", EntryPoint = "lunix_disable_interrupts"), SuppressGCTransition] public static extern void DisableInterrupts();
        [DllImport("*", EntryPoint = "lunix_wait_for_interrupt"), SuppressGCTransition] public static extern void WaitForInterrupt();
        [DllImport("*", EntryPoint = "lunix_halt_forever"), SuppressGCTransition] public static extern void HaltForever();
        [DllImport("*", EntryPoint = "lunix_gs_read64"), SuppressGCTransition] public static extern ulong ReadGs64(ulong offset);
        [DllImport("*", EntryPoint = "lunix_exchange32"), SuppressGCTransition] public static extern uint Exchange(uint* location, uint value);
        [DllImport("*", EntryPoint = "lunix_pause"), SuppressGCTransition] public static extern void Pause();
        [DllImport("*", EntryPoint = "lunix_trap_stub_table"), SuppressGCTransition] public static extern ulong* TrapStubTable();
        [DllImport("*", EntryPoint = "lunix_raise_panic_trap"), SuppressGCTransition] public static extern void RaisePanicTrap();
        [DllImport("*", EntryPoint = "lunix_resume"), SuppressGCTransition] public static extern void Resume(TrapFrame* frame);
        [DllImport("*", EntryPoint = "lunix_syscall_entry_address"), SuppressGCTransition] public static extern ulong SyscallEntryAddress();
        [DllImport("*", EntryPoint = "lunix_kernel_stack_bounds"), SuppressGCTransition] public static extern void KernelStackBounds(ulong* bottom, ulong* top);
        [DllImport("*", EntryPoint = "lunix_kernel_image_end"), SuppressGCTransition] public static extern ulong KernelImageEnd();
        [DllImport("*", EntryPoint = "lunix_kernel_sections"), SuppressGCTransition] public static extern void KernelSections(KernelImageLayout* layout);
        [DllImport("*", EntryPoint = "lunix_eh_frame_bounds"), SuppressGCTransition] public static extern void EhFrameBounds(ulong* start, ulong* end);

        public struct CpuIdResult { public uint Eax, Ebx, Ecx, Edx; }

        // The kernel image's sections as linked (Arch.X86/kernel.ld), virtual addresses.
        public struct KernelImageLayout { public ulong TextStart, TextEnd, ReadOnlyStart, ReadOnlyEnd, DataStart, ImageEnd; }

        public static CpuIdResult CpuId(uint leaf, uint subleaf = 0)
        {
            CpuIdResult r;
            CpuIdRaw(leaf, subleaf, (uint*)&r);
            return r;
        }
    }
}
