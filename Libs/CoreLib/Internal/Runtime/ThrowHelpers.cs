using System;

namespace Internal.Runtime.CompilerHelpers
{
    // ILC calls these for the checks it compiles in (bounds, overflow, casts...).
    public static class ThrowHelpers
    {
        public static void ThrowOverflowException() => throw new OverflowException();
        public static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        public static void ThrowNullReferenceException() => throw new NullReferenceException();
        public static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        public static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        public static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();
        public static void ThrowNotImplementedException() => throw new NotImplementedException();
        public static void ThrowNotSupportedException() => throw new NotSupportedException();
        public static void ThrowArgumentException() => throw new ArgumentException();
        public static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        public static void ThrowInvalidCastException() => throw new InvalidCastException();
        public static void ThrowTypeLoadException(int id, string className, string typeName) => throw new NotSupportedException("type load: " + typeName);
        public static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName, string messageArg) => throw new NotSupportedException("type load: " + typeName);
        public static void ThrowMissingMethodException(int id, string methodName) => throw new NotSupportedException("missing method: " + methodName);
        public static void ThrowMissingFieldException(int id, string fieldName) => throw new NotSupportedException("missing field: " + fieldName);
        public static void ThrowFileNotFoundException(int id, string fileName) => throw new NotSupportedException("file not found: " + fileName);
        public static void ThrowInvalidProgramException(int id) => throw new NotSupportedException("invalid program");
        public static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) => throw new NotSupportedException("invalid program: " + methodName);
        public static void ThrowBadImageFormatException(int id) => throw new NotSupportedException("bad image format");
        public static void ThrowMarshalDirectiveException(int id) => throw new NotSupportedException("marshalling");
        public static void ThrowAmbiguousMatchException(int id) => throw new NotSupportedException("ambiguous match");
        public static void ThrowFeatureBodyRemoved() => throw new NotSupportedException("feature body removed");
    }
}

namespace Internal.Runtime.CompilerHelpers
{
    // ILC requires this class to exist; these exports are the runtime's side of the contract
    // that a runtime with a GC would implement, and are no-ops without one.
    internal static class StartupCodeHelpers
    {
        [System.Runtime.RuntimeExport("RhpPInvoke")]
        private static void RhpPInvoke(IntPtr frame) { }

        [System.Runtime.RuntimeExport("RhpPInvokeReturn")]
        private static void RhpPInvokeReturn(IntPtr frame) { }

        [System.Runtime.RuntimeExport("RhpReversePInvoke")]
        private static void RhpReversePInvoke(IntPtr frame) { }

        [System.Runtime.RuntimeExport("RhpReversePInvokeReturn")]
        private static void RhpReversePInvokeReturn(IntPtr frame) { }

        [System.Runtime.RuntimeExport("RhpFallbackFailFast")]
        private static void RhpFallbackFailFast() => RuntimeFailure.Fail(FailureKind.FailFast, "fail fast", 0);

        // A throw: Lunix has no unwinder, so every exception is unhandled and reported.
        [System.Runtime.RuntimeExport("RhpThrowEx")]
        private static void RhpThrowEx(object exception) => RuntimeFailure.Fail(FailureKind.UnhandledException, exception, 0);
    }
}
