using System;

namespace Internal.Runtime.CompilerHelpers
{
    // ILC turns `ldtoken` into calls to these (array initialisers use field tokens).
    internal static unsafe class LdTokenHelpers
    {
        private static RuntimeTypeHandle GetRuntimeTypeHandle(IntPtr type) => new RuntimeTypeHandle((MethodTable*)type);
        private static RuntimeMethodHandle GetRuntimeMethodHandle(IntPtr signature) => new RuntimeMethodHandle(signature);
        private static RuntimeFieldHandle GetRuntimeFieldHandle(IntPtr signature) => new RuntimeFieldHandle(signature);
        private static Type GetRuntimeType(IntPtr type) => Type.GetTypeFromHandle(new RuntimeTypeHandle((MethodTable*)type));
    }
}
