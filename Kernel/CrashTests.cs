using System.Runtime.CompilerServices;
using System.Threading;
using Lunix.Arch.X86;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel
{
    // Deliberate crashes, selected by the crash= kernel option, so the boot tests can check that
    // each kind of failure produces a report naming the exception and this class's method.
    // Values come through Opaque() so the compiler cannot fold the failures away.
    internal static unsafe class CrashTests
    {
        public static readonly string[] Kinds = { "pagefault", "gp", "divzero", "nullref", "index", "overflow", "cast", "panic", "oom", "writetext", "execheap", "lockup" };

        public static void Run(string kind)
        {
            switch (kind)
            {
                case "pagefault": PageFault(); break;
                case "gp": GeneralProtection(); break;
                case "divzero": DivideByZero(); break;
                case "nullref": NullReference(); break;
                case "index": IndexOutOfRange(); break;
                case "overflow": Overflow(); break;
                case "cast": InvalidCast(); break;
                case "panic": Panic(); break;
                case "oom": ExhaustHeap(); break;
                case "writetext": WriteKernelText(); break;
                case "execheap": ExecuteHeap(); break;
                case "lockup": LockUp(); break;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong Opaque(ulong value) => value;

        // A write to an unmapped lower-half address.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void PageFault() => *(ulong*)Opaque(0x0000700000000000) = 1;

        // A non-canonical address: the CPU raises #GP rather than #PF.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void GeneralProtection() => *(ulong*)Opaque(0x8000000000000000) = 1;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int DivideByZero() => 100 / (int)Opaque(0);

        private sealed class Node { public int Value; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int NullReference() => ((Node)OpaqueObject(null)).Value;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static object OpaqueObject(object value) => value;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int IndexOutOfRange()
        {
            int[] values = new int[4];
            return values[(int)Opaque(10)];
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Overflow() => checked((int)Opaque(int.MaxValue) + 1);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int InvalidCast() => ((string)OpaqueObject(new Node())).Length;

        // Allocates 64 KiB arrays, kept reachable in a chain, until the heap runs out.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static object ExhaustHeap()
        {
            object[] chain = null;
            while (true)
            {
                var link = new object[8192];
                link[0] = chain;
                chain = link;
            }
        }

        // W^X: the kernel's text is mapped read+execute, so a write to it faults.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WriteKernelText()
        {
            delegate*<void> self = &WriteKernelText;
            *(byte*)Opaque((ulong)self) = 0xC3;
        }

        // W^X: heap memory is no-execute, so jumping into it faults (a ret placed there would
        // otherwise just return).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ExecuteHeap()
        {
            byte[] code = new byte[16];
            code[0] = 0xC3;
            fixed (byte* entry = code) ((delegate*<void>)Opaque((ulong)entry))();
        }

        // Never set: the lockup's loop reads it volatile, so the compiler can neither drop the
        // loop nor hoist the read out of it.
        private static uint s_lockupEnds;

        // A kernel loop with interrupts off that never ends: only the NMI watchdog (watchdog=N)
        // stops it. The line before it lets a test time the watchdog.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void LockUp()
        {
            SystemConsole.WriteLine("lunix: crash test: locking up with interrupts off");
            Cpu.DisableInterrupts();
            while (Volatile.Read(ref s_lockupEnds) == 0) { }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Panic() => Diagnostics.Panic.Now("crash test: explicit panic with value %d and 0x%x", 42, 0xBEEFu);
    }
}
