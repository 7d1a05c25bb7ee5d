using System;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;

namespace Lunix.Kernel.Diagnostics
{
    // panic(format, args): for broken kernel invariants only. The message is formatted into a
    // static buffer, then the panic vector is raised so the report gets a complete register frame
    // from the trap path (see TrapDispatch).
    public static unsafe class Panic
    {
        private static readonly char[] s_message = new char[256];
        private static int s_length;

        public static void Now(ReadOnlySpan<char> format, params ReadOnlySpan<FormatArg> args)
        {
            s_length = Printf.Format(s_message, format, args);
            Cpu.DisableInterrupts();
            Cpu.RaisePanicTrap();
            Cpu.HaltForever();
        }

        internal static ReadOnlySpan<char> Message => new ReadOnlySpan<char>(s_message).Slice(0, s_length);

        internal static bool IsPanicVector(ulong vector) => vector == Vectors.Panic;
    }
}
