using System.Runtime.InteropServices;

namespace System.Runtime.CompilerServices
{
    // ILC gives every type with a lazy class constructor one of these; the address is zeroed once run.
    [StructLayout(LayoutKind.Sequential)]
    public struct StaticClassConstructionContext
    {
        public IntPtr cctorMethodAddress;
    }

    // Called by ILC-generated code before the first access to a type with a lazy class constructor.
    // Lunix runs one CPU's kernel code at a time during boot, so no lock is needed; the address is
    // cleared before the call so that a constructor that touches its own type does not recurse.
    internal static unsafe class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return gcStaticBase;
        }

        private static IntPtr CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, IntPtr nonGcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return nonGcStaticBase;
        }

        private static object CheckStaticClassConstructionReturnThreadStaticBase(StaticClassConstructionContext* context, object threadStaticBase)
        {
            EnsureClassConstructorRun(context);
            return threadStaticBase;
        }

        public static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
        {
            IntPtr cctor = context->cctorMethodAddress;
            if (cctor == IntPtr.Zero) return;
            context->cctorMethodAddress = IntPtr.Zero;
            ((delegate*<void>)cctor)();
        }
    }
}
