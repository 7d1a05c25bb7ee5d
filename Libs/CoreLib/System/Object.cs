using Internal.Runtime;

namespace System
{
    // Every object starts with a pointer to its MethodTable; ILC lays fields out after it.
    public unsafe class Object
    {
        internal MethodTable* m_pMethodTable;

        public Object() { }

        public virtual bool Equals(object obj) => this == obj;
        public virtual int GetHashCode() => (int)(nuint)m_pMethodTable;
        public virtual string ToString() => "object";

        internal MethodTable* GetMethodTable() => m_pMethodTable;

        // The first field of an object: used to copy boxed values and static blocks.
        internal ref byte GetRawData() => ref Runtime.CompilerServices.Unsafe.As<RawData>(this).Data;
    }

    internal sealed class RawData
    {
        public byte Data;
    }
}
