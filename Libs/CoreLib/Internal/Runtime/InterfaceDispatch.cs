using System;
using System.Runtime;

namespace Internal.Runtime
{
    // Resolves a call through an interface: ILC gives each call site a dispatch cell that names the
    // interface and the method's slot in it; the object's MethodTable has a dispatch map from
    // (interface, slot) to its own vtable slot. Walks up the base types, then tries default
    // implementations. Called by RhpInitialDynamicInterfaceDispatch in runtime.S.
    internal static unsafe class InterfaceDispatch
    {
        private struct DispatchCell
        {
            public nint Stub;
            public nint Cache;
        }

        private struct DispatchMapHeader
        {
            public ushort StandardEntryCount;
            public ushort DefaultEntryCount;
            public ushort StandardStaticEntryCount;
            public ushort DefaultStaticEntryCount;
        }

        private struct DispatchMapEntry
        {
            public ushort InterfaceIndex;
            public ushort InterfaceMethodSlot;
            public ushort ImplementationMethodSlot;
        }

        // Low two bits of a cell's cache field say how the interface is named.
        private const nint CacheIsInterfacePointer = 1;
        private const nint CacheIsIndirectRelativePointer = 2;
        private const nint CacheIsRelativePointer = 3;

        [RuntimeExport("LunixResolveInterfaceCall")]
        private static IntPtr Resolve(object target, DispatchCell* cell)
        {
            // The slot number is kept in the cache field of the cell that ends the cell's group.
            DispatchCell* end = cell;
            while (end->Stub != 0) end++;
            ushort slot = (ushort)(end->Cache >> 2);

            MethodTable* itf = InterfaceOf(cell);
            MethodTable* type = target.GetMethodTable();
            IntPtr code = Find(type, itf, slot, defaults: false);
            if (code == IntPtr.Zero) code = Find(type, itf, slot, defaults: true);
            if (code == IntPtr.Zero)
                RuntimeFailure.Fail(FailureKind.UnsupportedFeature, "interface method not found", slot);
            return code;
        }

        private static MethodTable* InterfaceOf(DispatchCell* cell)
        {
            nint value = cell->Cache;
            byte* field = (byte*)&cell->Cache;
            switch (value & 3)
            {
                case CacheIsRelativePointer: return (MethodTable*)(field + (int)(value & ~(nint)3));
                case CacheIsIndirectRelativePointer: return *(MethodTable**)(field + (int)(value & ~(nint)3));
                case CacheIsInterfacePointer: return (MethodTable*)(value & ~(nint)3);
                default:
                    RuntimeFailure.Fail(FailureKind.UnsupportedFeature, "unexpected interface dispatch cell", (ulong)value);
                    return null;
            }
        }

        private static IntPtr Find(MethodTable* type, MethodTable* itf, ushort slot, bool defaults)
        {
            for (MethodTable* current = type; current != null; current = current->BaseType)
            {
                DispatchMapHeader* map = (DispatchMapHeader*)current->DispatchMapAddress;
                if (map == null) continue;
                var entries = (DispatchMapEntry*)(map + 1);
                int first = defaults ? map->StandardEntryCount : 0;
                int last = defaults ? map->StandardEntryCount + map->DefaultEntryCount : map->StandardEntryCount;
                for (int i = first; i < last; i++)
                {
                    if (entries[i].InterfaceMethodSlot != slot || current->InterfaceMap[entries[i].InterfaceIndex] != itf)
                        continue;
                    ushort impl = entries[i].ImplementationMethodSlot;
                    // Virtual slots are read from the object's own type, so overrides win;
                    // slots past the vtable are sealed and live with the implementing type.
                    return impl < current->NumVtableSlots ? type->VTable[impl] : current->SealedVirtualSlot(impl - current->NumVtableSlots);
                }
            }
            return IntPtr.Zero;
        }

    }
}
