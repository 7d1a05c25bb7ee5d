using Internal.Runtime;

namespace System
{
    public abstract class ValueType
    {
    }

    public abstract class Enum : ValueType
    {
    }

    public struct Nullable<T> where T : struct
    {
        private readonly bool hasValue;
        internal T value;

        public Nullable(T value) { this.value = value; hasValue = true; }
        public bool HasValue => hasValue;
        public T Value => hasValue ? value : throw new InvalidOperationException();
        public T GetValueOrDefault() => value;
        public static implicit operator T?(T value) => new T?(value);
        public static explicit operator T(T? value) => value.Value;
    }

    public unsafe struct RuntimeTypeHandle
    {
        private MethodTable* _value;
        internal RuntimeTypeHandle(MethodTable* value) { _value = value; }
        internal MethodTable* Value => _value;
    }

    public struct RuntimeMethodHandle
    {
        private IntPtr _value;
        internal RuntimeMethodHandle(IntPtr value) { _value = value; }
    }

    public struct RuntimeFieldHandle
    {
        private IntPtr _value;
        internal RuntimeFieldHandle(IntPtr value) { _value = value; }
    }

    // A type as a value: enough for ILC's typeof() and for naming a type in a report.
    public unsafe class Type
    {
        private readonly RuntimeTypeHandle _handle;
        private protected Type(RuntimeTypeHandle handle) { _handle = handle; }
        public RuntimeTypeHandle TypeHandle => _handle;
        public static Type GetTypeFromHandle(RuntimeTypeHandle handle) => new RuntimeType(handle);
        public static bool operator ==(Type a, Type b) => (object)a == null ? (object)b == null : (object)b != null && a._handle.Value == b._handle.Value;
        public static bool operator !=(Type a, Type b) => !(a == b);
        public override bool Equals(object o) => o is Type t && t == this;
        public override int GetHashCode() => (int)(nint)_handle.Value;
    }

    // The concrete Type ILC expects for type objects.
    internal sealed class RuntimeType : Type
    {
        internal RuntimeType(RuntimeTypeHandle handle) : base(handle) { }
    }

    public abstract class Delegate
    {
        // Field names and the Initialize* methods below are ILC's delegate contract.
        internal object _firstParameter;
        internal object _helperObject;
        internal nint _extraFunctionPointerOrData;
        internal IntPtr _functionPointer;

        private void InitializeClosedInstance(object firstParameter, IntPtr functionPointer)
        {
            if (firstParameter == null) throw new NullReferenceException();
            _functionPointer = functionPointer;
            _firstParameter = firstParameter;
        }

        private void InitializeClosedInstanceSlow(object firstParameter, IntPtr functionPointer)
            => InitializeClosedInstance(firstParameter, functionPointer);

        private void InitializeClosedInstanceWithGVMResolution(object firstParameter, RuntimeMethodHandle tokenOfGenericVirtualMethod)
            => throw new NotSupportedException();

        private void InitializeClosedInstanceToInterface(object firstParameter, IntPtr dispatchCell)
            => throw new NotSupportedException();

        private void InitializeClosedInstanceWithoutNullCheck(object firstParameter, IntPtr functionPointer)
        {
            _functionPointer = functionPointer;
            _firstParameter = firstParameter;
        }

        private void InitializeClosedStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _extraFunctionPointerOrData = functionPointer;
            _helperObject = firstParameter;
            _functionPointer = functionPointerThunk;
            _firstParameter = this;
        }

        private void InitializeOpenStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _firstParameter = this;
            _functionPointer = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        private void InitializeOpenInstanceThunkDynamic(IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _firstParameter = this;
            _functionPointer = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        // Used by the compiler-generated thunks to read what the delegate was created with.
        internal IntPtr GetThunkFunctionPointer() => _extraFunctionPointerOrData;
    }

    public abstract class MulticastDelegate : Delegate { }

    public delegate void Action();
    public delegate void Action<in T>(T arg);
    public delegate void Action<in T1, in T2>(T1 arg1, T2 arg2);
    public delegate TResult Func<out TResult>();
    public delegate TResult Func<in T, out TResult>(T arg);
    public delegate TResult Func<in T1, in T2, out TResult>(T1 arg1, T2 arg2);

    public struct ValueTuple { }
}

