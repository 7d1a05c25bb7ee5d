using System;
using Lunix.Abi;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Process
{
    // The vDSO (Kernel/Vdso/vdso.c, the boot module "vdso") and the clock page it reads
    // (Abi/ClockPage.cs), set up once at boot in frames the kernel keeps for the life of the
    // system. EXEC maps both read-only into every Linux program (ExecLayout.Vdso and ClockPage;
    // PM's start-up stack gives the vDSO's address as AT_SYSINFO_EHDR); each mapping takes a
    // reference of its own, so a program's end or a fork's copy never frees them. The clock page
    // is shared by all programs, so what the kernel writes there every program sees at once.
    internal static unsafe class Vdso
    {
        private const ulong PageSize = FrameAllocator.FrameSize;
        private static ulong s_clockFrame;
        private static readonly ulong[] s_codeFrames = new ulong[ExecLayout.VdsoPages];
        private static int s_codePages;

        public static ref ClockPage Clock => ref *(ClockPage*)DirectMap.ToVirtual(s_clockFrame);

        // The image builds the module with the kernel: one missing or malformed is a broken
        // image, and without it no Linux program could start (its libc reads AT_SYSINFO_EHDR).
        public static void Initialize()
        {
            if (!BootModules.TryFind("vdso", out ReadOnlySpan<byte> image))
                Panic.Now("the boot module vdso is missing: the image is broken (rebuild it: dotnet build Boot)");
            if (image.Length < 64 || (ulong)image.Length > ExecLayout.VdsoPages * PageSize
                || image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                Panic.Now("the boot module vdso is no ELF image of at most %lu pages (%d bytes)", ExecLayout.VdsoPages, image.Length);
            s_clockFrame = ZeroedFrame();
            s_codePages = (int)(((ulong)image.Length + PageSize - 1) / PageSize);
            for (int page = 0; page < s_codePages; page++)
            {
                s_codeFrames[page] = ZeroedFrame();
                ReadOnlySpan<byte> part = image.Slice(page * (int)PageSize, Math.Min((int)PageSize, image.Length - page * (int)PageSize));
                part.CopyTo(new Span<byte>(DirectMap.ToVirtual(s_codeFrames[page]), (int)PageSize));
            }
            ref ClockPage clock = ref Clock;
            clock.TscAtZero = Time.Clock.BootTsc;
            clock.NanosecondsPerTsc32 = ClockPage.ScaleFor(Time.Clock.TscPerSecond);
            long realtime = CmosClock.ReadUnixSeconds() * (long)ClockPage.NanosecondsPerSecond;
            clock.RealtimeOffset = realtime - (long)clock.MonotonicNanoseconds(Arch.X86.Cpu.ReadTsc());
            clock.Filled = 1;
        }

        // Maps the clock page and the vDSO into a new program's space.
        public static PagingResult MapInto(ref AddressSpace space)
        {
            PagingResult result = space.Map(ExecLayout.ClockPage, s_clockFrame, PageSize, PageAttributes.User | PageAttributes.NoExecute);
            for (int page = 0; page < s_codePages && result == PagingResult.Ok; page++)
                result = space.Map(ExecLayout.Vdso + (ulong)page * PageSize, s_codeFrames[page], PageSize, PageAttributes.User);
            return result;
        }

        private static ulong ZeroedFrame()
        {
            if (!PhysicalMemory.Frames.TryAllocate(FrameZone.Any, out ulong frame)) Panic.Now("out of memory for the vDSO");
            new Span<byte>(DirectMap.ToVirtual(frame), (int)PageSize).Clear();
            return frame;
        }
    }
}
