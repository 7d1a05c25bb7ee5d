namespace System.Runtime.CompilerServices
{
    // Attributes the C# compiler and ILC look for by name.
    [AttributeUsage(AttributeTargets.All)] internal sealed class IntrinsicAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Struct)] public sealed class IsByRefLikeAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.All, Inherited = false)] public sealed class IsReadOnlyAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.All)] public sealed class IsUnmanagedAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Module)] public sealed class RefSafetyRulesAttribute : Attribute { public RefSafetyRulesAttribute(int version) { } }
    [AttributeUsage(AttributeTargets.All, Inherited = true)] public sealed class CompilerGeneratedAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)] public sealed class ExtensionAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Property)] public sealed class IndexerNameAttribute : Attribute { public IndexerNameAttribute(string indexerName) { } }
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)] public sealed class InterpolatedStringHandlerAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class InterpolatedStringHandlerArgumentAttribute : Attribute { public InterpolatedStringHandlerArgumentAttribute(string argument) { } }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class ParamCollectionAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class ScopedRefAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class RequiresLocationAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Struct)] public sealed class InlineArrayAttribute : Attribute { public InlineArrayAttribute(int length) { } }
    [AttributeUsage(AttributeTargets.All, AllowMultiple = true, Inherited = false)]
    public sealed class CompilerFeatureRequiredAttribute : Attribute { public CompilerFeatureRequiredAttribute(string featureName) { } public bool IsOptional { get; init; } }
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
    public sealed class RequiredMemberAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class UnsafeValueTypeAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Field)] public sealed class FixedBufferAttribute : Attribute { public FixedBufferAttribute(Type elementType, int length) { } }
    [AttributeUsage(AttributeTargets.Class)] public sealed class EagerStaticClassConstructionAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)] public sealed class InternalsVisibleToAttribute : Attribute { public InternalsVisibleToAttribute(string assemblyName) { } }
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor)] public sealed class ModuleInitializerAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Module | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Constructor | AttributeTargets.Method, Inherited = false)]
    public sealed class SkipLocalsInitAttribute : Attribute { }

    public static class IsExternalInit { }
    public static class IsVolatile { }

    public enum MethodImplOptions
    {
        Unmanaged = 0x0004, NoInlining = 0x0008, ForwardRef = 0x0010, Synchronized = 0x0020,
        NoOptimization = 0x0040, PreserveSig = 0x0080, AggressiveInlining = 0x0100,
        AggressiveOptimization = 0x0200, InternalCall = 0x1000,
    }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor)]
    public sealed class MethodImplAttribute : Attribute
    {
        public MethodImplAttribute(MethodImplOptions methodImplOptions) { Value = methodImplOptions; }
        public MethodImplOptions Value { get; }
    }

    // Calling-convention marker types for unmanaged function pointers.
    public class CallConvCdecl { }
    public class CallConvStdcall { }
    public class CallConvSuppressGCTransition { }

    public static class RuntimeFeature
    {
        public const string PortablePdb = nameof(PortablePdb);
        public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
        public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
        public const string CovariantReturnsOfClasses = nameof(CovariantReturnsOfClasses);
        public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
        public const string NumericIntPtr = nameof(NumericIntPtr);
        public const string ByRefFields = nameof(ByRefFields);
        public const string ByRefLikeGenerics = nameof(ByRefLikeGenerics);
    }
}
