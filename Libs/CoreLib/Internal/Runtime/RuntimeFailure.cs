using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime
{
    // What went wrong when managed code cannot go on. The host (the kernel, or a server's system
    // library) exports LunixRuntimeFailure and turns it into a crash report.
    public enum FailureKind
    {
        UnhandledException = 1,
        HeapExhausted = 2,
        FailFast = 3,
        UnsupportedFeature = 4,
    }

    public static unsafe class RuntimeFailure
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "LunixRuntimeFailure")]
        private static extern void Report(FailureKind kind, object detail, ulong value);

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void Fail(FailureKind kind, object detail, ulong value)
        {
            Report(kind, detail, value);
            while (true) { }
        }
    }
}
