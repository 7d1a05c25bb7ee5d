using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lunix.Arch.X86.Memory
{
    // The user-copy routine (Boot/usercopy.S) and the CPU features that fence everything else
    // off user memory: SMEP (the kernel never executes user pages) and SMAP (the kernel touches
    // user pages only between stac and clac, i.e. only inside the copy routine).
    public static unsafe class UserAccess
    {
        public const ulong UserLimit = 0x0000800000000000;      // user addresses are below this

        [DllImport("*", EntryPoint = "lunix_user_copy"), SuppressGCTransition]
        private static extern ulong UserCopy(void* destination, void* source, ulong length);
        [DllImport("*", EntryPoint = "lunix_user_copy_block"), SuppressGCTransition]
        private static extern ulong UserCopyBlock(void* destination, void* source);
        [DllImport("*", EntryPoint = "lunix_user_copy_bounds"), SuppressGCTransition]
        private static extern void CopyBounds(ulong* start, ulong* end, ulong* fixup, ulong* blockLoads);
        [DllImport("*", EntryPoint = "lunix_enable_smep_smap"), SuppressGCTransition]
        private static extern byte EnableProtection(byte smep, byte smap);

        public static bool SmepEnabled { get; private set; }
        public static bool SmapEnabled { get; private set; }

        public static void EnableHardwareProtection()
        {
            Cpu.CpuIdResult leaf7 = Cpu.CpuId(0, 0).Eax >= 7 ? Cpu.CpuId(7, 0) : default;
            bool smep = (leaf7.Ebx & (1 << 7)) != 0, smap = (leaf7.Ebx & (1 << 20)) != 0;
            EnableProtection(smep ? (byte)1 : (byte)0, smap ? (byte)1 : (byte)0);
            SmepEnabled = smep;
            SmapEnabled = smap;
        }

        // Copies between kernel and user memory; returns the bytes not copied (0 = all).
        // The caller has checked that the user side lies below UserLimit. A 64-byte copy (an IPC
        // message) takes the unrolled routine; inlined, the choice folds away for a constant length.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Copy(void* destination, void* source, ulong length) =>
            length == BlockSize ? UserCopyBlock(destination, source) : UserCopy(destination, source, length);

        private const ulong BlockSize = 64;

        // True when a fault at rip happened inside the copy routine; fixup is where to resume.
        public static bool IsInCopy(ulong rip, out ulong fixup)
        {
            ulong start, end, resume, blockLoads;
            CopyBounds(&start, &end, &resume, &blockLoads);
            fixup = resume;
            return rip >= start && rip < end;
        }

        // Where the copy goes on once the page a fault at rip wanted is fixed: the faulting
        // instruction again, except in the 64-byte routine, which starts again from its loads
        // (its XMM registers may have been used meanwhile; it ends where the fixup begins).
        public static ulong RetryPoint(ulong rip)
        {
            ulong start, end, resume, blockLoads;
            CopyBounds(&start, &end, &resume, &blockLoads);
            return rip >= blockLoads && rip < resume ? blockLoads : rip;
        }
    }
}
