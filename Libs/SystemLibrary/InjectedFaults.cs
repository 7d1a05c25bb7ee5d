using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // The faults RS injects into a service (SefMessages.FaultInject; MINIX's testrelpol and its
    // EDFI fault types), carried out in the service's own execution by SEF. Most end the service
    // in a ring-3 exception or an exit, which RS answers with a restart; an endless loop is found
    // by the missing ping answer; bad system-call pointers must be refused by the kernel while the
    // service serves on. GarbageReply is SEF's own (Sef.Reply), the next reply being the fault.
    // RS, which has no SEF loop for its own faults, carries one out in itself for rs.do=fault:rs.
    public static unsafe class InjectedFaults
    {
        private const ulong UnmappedUser = 0x0000_7000_DEAD_0000;  // far from the program, heap and stack
        private const ulong KernelHalf = 0xFFFF_FFFF_8000_0000;    // where the kernel image lives
        private const ulong NonCanonical = 0x8000_0000_0000_0000;

        private static long s_sink;     // where a faulting read's value goes, so the read is made

        public static void Carry(FaultKind kind)
        {
            switch (kind)
            {
                case FaultKind.Crash: *(long*)Opaque(0) = 1; break;
                case FaultKind.WildWrite: *(long*)Opaque(UnmappedUser) = 1; break;
                case FaultKind.KernelWrite: *(long*)Opaque(KernelHalf) = 1; break;
                case FaultKind.NonCanonicalRead: s_sink = *(long*)Opaque(NonCanonical); break;
                case FaultKind.TextWrite: *(byte*)Opaque((ulong)(delegate*<FaultKind, void>)&Carry) = 0xC3; break;
                case FaultKind.StackOverflow: s_sink = Recurse(1); break;
                case FaultKind.IllegalInstruction: Trap.Now(); break;
                case FaultKind.Exit: Kernel.Exit(0); break;
                case FaultKind.EndlessLoop: while (true) { }
                case FaultKind.BadSystemCallPointers: RefuseBadPointers(); break;
            }
        }

        // Every call must fail with EFAULT before it does anything; a kernel that accepted one of
        // these pointers cannot be trusted, so the service stops itself (RS restarts it, and the
        // fault campaign, which expects this fault to be survived, sees the restart).
        private static void RefuseBadPointers()
        {
            ulong* pointers = stackalloc ulong[] { 0, KernelHalf, NonCanonical, UnmappedUser };
            const long Fault = -(long)Errno.EFAULT;
            for (int i = 0; i < 4; i++)
            {
                long bad = (long)pointers[i];
                if (Syscalls.KernelCall(KernelCalls.DiagCtl, bad, 16) != Fault
                    || Syscalls.KernelCall(KernelCalls.SafeCopyFrom, bad) != Fault
                    || Syscalls.SendNonBlocking(BootEndpoints.Rs, in Unsafe.AsRef<Message>((void*)bad)) != Fault
                    || Syscalls.SendReceive(BootEndpoints.Rs, ref Unsafe.AsRef<Message>((void*)bad)) != Fault)
                {
                    Kernel.Print("sef: the kernel accepted a bad pointer in a system call");
                    Trap.Now();
                }
            }
        }

        // A kilobyte per frame, without end: the 64 KiB stack runs into its guard page.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Recurse(long depth)
        {
            byte* frame = stackalloc byte[1024];
            frame[depth & 1023] = (byte)depth;
            return Recurse(depth + 1) + frame[depth & 1023];
        }

        // An address the compiler cannot see through, so the faulting access is really made.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong Opaque(ulong value) => value;
    }
}
