using System;
using System.Runtime;
using Internal.Runtime;

namespace Lunix.Kernel.Diagnostics
{
    // The core library's way out: an unhandled exception (every throw, since the kernel has no
    // unwinder), heap exhaustion or a fail-fast. Each becomes a panic naming what failed.
    internal static unsafe class RuntimeFailures
    {
        [RuntimeExport("LunixRuntimeFailure")]
        private static void Report(FailureKind kind, object detail, ulong value)
        {
            switch (kind)
            {
                case FailureKind.UnhandledException:
                    // The exception's type is named by its MethodTable's symbol (see Image.targets).
                    ulong methodTable = *(ulong*)System.Runtime.CompilerServices.Unsafe.As<object, nint>(ref detail);
                    Span<char> type = stackalloc char[120];
                    int length = KernelSymbols.NameOf(methodTable, type);
                    Panic.Now("unhandled %s: %s", length > 0 ? new string(type.Slice(0, length)) : "exception", ((Exception)detail).Message);
                    break;
                case FailureKind.HeapExhausted:
                    Panic.Now("kernel heap exhausted: %lu bytes requested, %lu of %lu bytes in use", value, Heap.Used, Heap.Capacity);
                    break;
                default:
                    Panic.Now("runtime failure (%d): %s, 0x%lx", (int)kind, detail as string ?? "", value);
                    break;
            }
        }
    }
}
