using System;
using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // The type descriptor ILC emits for every type. Only what casting, allocation and interface
    // dispatch need is read here; the layout is ILC 10's.
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct MethodTable
    {
        private const uint HasComponentSizeFlag = 0x80000000;
        private const uint EETypeKindMask = 0x00030000;
        private const uint ParameterizedEEType = 0x00020000;
        private const uint ElementTypeMask = 0x7C000000;
        private const int ElementTypeShift = 26;
        private const uint ElementTypeInterface = 0x15;
        private const uint ElementTypeSzArray = 0x18;
        private const uint ElementTypeArray = 0x17;
        private const uint HasDispatchMapFlag = 0x00040000;
        private const uint HasSealedVTableEntriesFlag = 0x00400000;
        private const uint HasFinalizerFlag = 0x00100000;

        internal uint _uFlags;
        internal uint _uBaseSize;
        internal MethodTable* _relatedType;
        internal ushort _usNumVtableSlots;
        internal ushort _usNumInterfaces;
        internal uint _uHashCode;

        // ILC replaces a call to this with the type's MethodTable address.
        [System.Runtime.CompilerServices.Intrinsic]
        internal static MethodTable* Of<T>() => throw new PlatformNotSupportedException();

        internal ushort ComponentSize => (_uFlags & HasComponentSizeFlag) != 0 ? (ushort)_uFlags : (ushort)0;
        internal uint BaseSize => _uBaseSize;
        internal uint ElementType => (_uFlags & ElementTypeMask) >> ElementTypeShift;
        internal bool IsInterface => ElementType == ElementTypeInterface;
        internal bool IsParameterized => (_uFlags & EETypeKindMask) == ParameterizedEEType;
        internal bool IsArray => IsParameterized && (ElementType == ElementTypeSzArray || ElementType == ElementTypeArray);

        // For classes the related type is the base type; for arrays it is the element type.
        internal MethodTable* BaseType => IsParameterized ? null : _relatedType;
        internal MethodTable* RelatedParameterType => _relatedType;

        internal IntPtr* VTable
        {
            get { fixed (MethodTable* self = &this) return (IntPtr*)(self + 1); }
        }

        internal MethodTable** InterfaceMap => (MethodTable**)(VTable + _usNumVtableSlots);
        internal int NumInterfaces => _usNumInterfaces;
        internal int NumVtableSlots => _usNumVtableSlots;

        // After the interface map come 32-bit relative pointers: the type manager, the writable
        // data, then (when flagged) the dispatch map, the finalizer and the sealed virtual slots.
        private int* OptionalFields => (int*)(InterfaceMap + _usNumInterfaces) + 2;

        private static void* Follow(int* relative) => (byte*)relative + *relative;

        internal void* DispatchMapAddress => (_uFlags & HasDispatchMapFlag) != 0 ? Follow(OptionalFields) : null;

        internal IntPtr SealedVirtualSlot(int index)
        {
            int* field = OptionalFields;
            if ((_uFlags & HasDispatchMapFlag) != 0) field++;
            if ((_uFlags & HasFinalizerFlag) != 0) field++;
            if ((_uFlags & HasSealedVTableEntriesFlag) == 0) return IntPtr.Zero;
            int* table = (int*)Follow(field);
            return (IntPtr)Follow(table + index);
        }
    }
}
