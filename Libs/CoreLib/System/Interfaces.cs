namespace System
{
    public interface IFormatProvider { }
    public interface IFormattable { string ToString(string format, IFormatProvider formatProvider); }
    public interface IDisposable { void Dispose(); }
    public interface IEquatable<T> { bool Equals(T other); }
    public interface IComparable<T> { int CompareTo(T other); }
}
