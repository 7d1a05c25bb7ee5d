namespace System
{
    // Exceptions exist so that C# `throw` and the compiler's checks have something to throw.
    // Lunix has no unwinder: any throw ends in RhpThrowEx, which reports it as a runtime failure.
    public class Exception
    {
        private readonly string _message;
        public Exception() { }
        public Exception(string message) { _message = message; }
        public Exception(string message, Exception innerException) { _message = message; }
        public virtual string Message => _message ?? DefaultMessage;
        internal virtual string DefaultMessage => "Exception of type 'System.Exception' was thrown.";
        public override string ToString() => Message;
    }

    public class SystemException : Exception
    {
        public SystemException() { }
        public SystemException(string message) : base(message) { }
    }

    public sealed class NullReferenceException : SystemException
    {
        public NullReferenceException() { }
        public NullReferenceException(string message) : base(message) { }
        internal override string DefaultMessage => "Object reference not set to an instance of an object.";
    }

    public sealed class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() { }
        internal override string DefaultMessage => "Index was outside the bounds of the array.";
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) : base(message) { }
        internal override string DefaultMessage => "Value does not fall within the expected range.";
    }

    public sealed class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }
        public ArgumentNullException(string paramName) : base(paramName) { }
        internal override string DefaultMessage => "Value cannot be null.";
    }

    public sealed class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }
        public ArgumentOutOfRangeException(string paramName) : base(paramName) { }
        internal override string DefaultMessage => "Specified argument was out of the range of valid values.";
    }

    public class ArithmeticException : SystemException
    {
        public ArithmeticException() { }
        internal override string DefaultMessage => "Overflow or underflow in the arithmetic operation.";
    }

    public sealed class DivideByZeroException : ArithmeticException
    {
        internal override string DefaultMessage => "Attempted to divide by zero.";
    }

    public sealed class OverflowException : ArithmeticException
    {
        internal override string DefaultMessage => "Arithmetic operation resulted in an overflow.";
    }

    public sealed class InvalidCastException : SystemException
    {
        internal override string DefaultMessage => "Specified cast is not valid.";
    }

    public sealed class InvalidOperationException : SystemException
    {
        public InvalidOperationException() { }
        public InvalidOperationException(string message) : base(message) { }
        internal override string DefaultMessage => "Operation is not valid due to the current state of the object.";
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() { }
        public NotSupportedException(string message) : base(message) { }
        internal override string DefaultMessage => "Specified method is not supported.";
    }

    public sealed class PlatformNotSupportedException : NotSupportedException
    {
        internal override string DefaultMessage => "Operation is not supported on this platform.";
    }

    public sealed class NotImplementedException : SystemException
    {
        internal override string DefaultMessage => "The method or operation is not implemented.";
    }

    public sealed class FormatException : SystemException
    {
        internal override string DefaultMessage => "Input string was not in a correct format.";
    }

    public sealed class ArrayTypeMismatchException : SystemException
    {
        internal override string DefaultMessage => "Attempted to access an element as a type incompatible with the array.";
    }

    public sealed class OutOfMemoryException : SystemException
    {
        internal override string DefaultMessage => "Insufficient memory to continue the execution of the program.";
    }
}
