using Internal.Runtime;

namespace System.Runtime
{
    // Casts and array-store checks. ILC calls these for `is`, `as`, casts and stores into object arrays.
    internal static unsafe class TypeCast
    {
        private static bool IsAssignable(MethodTable* source, MethodTable* target)
        {
            if (source == target) return true;
            if (target->IsInterface)
            {
                MethodTable** map = source->InterfaceMap;
                for (int i = 0; i < source->NumInterfaces; i++)
                    if (map[i] == target) return true;
                return false;
            }
            if (source->IsArray && target->IsArray)
                return IsAssignable(source->RelatedParameterType, target->RelatedParameterType);
            for (MethodTable* t = source->BaseType; t != null; t = t->BaseType)
                if (t == target) return true;
            return false;
        }

        private static object IsInstanceOfAny(MethodTable* target, object obj)
            => obj == null || IsAssignable(obj.GetMethodTable(), target) ? obj : null;

        private static object IsInstanceOfClass(MethodTable* target, object obj) => IsInstanceOfAny(target, obj);
        private static object IsInstanceOfInterface(MethodTable* target, object obj) => IsInstanceOfAny(target, obj);

        private static bool IsInstanceOfException(MethodTable* target, object obj)
            => obj != null && IsAssignable(obj.GetMethodTable(), target);

        private static object CheckCastAny(MethodTable* target, object obj)
        {
            if (obj == null || IsAssignable(obj.GetMethodTable(), target)) return obj;
            throw new InvalidCastException();
        }

        private static object CheckCastClass(MethodTable* target, object obj) => CheckCastAny(target, obj);
        private static object CheckCastInterface(MethodTable* target, object obj) => CheckCastAny(target, obj);
        private static object CheckCastClassSpecial(MethodTable* target, object obj) => CheckCastAny(target, obj);

        private static void StelemRef(object[] array, nint index, object obj)
        {
            if ((nuint)index >= (nuint)array.Length) throw new IndexOutOfRangeException();
            if (obj != null && !IsAssignable(obj.GetMethodTable(), array.GetMethodTable()->RelatedParameterType))
                throw new ArrayTypeMismatchException();
            ref object element = ref Runtime.CompilerServices.Unsafe.As<byte, object>(ref array.GetRawArrayData());
            Runtime.CompilerServices.Unsafe.Add(ref element, index) = obj;
        }

        private static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (nuint)array.Length) throw new IndexOutOfRangeException();
            if (array.GetMethodTable()->RelatedParameterType != elementType) throw new ArrayTypeMismatchException();
            ref object element = ref Runtime.CompilerServices.Unsafe.As<byte, object>(ref array.GetRawArrayData());
            return ref Runtime.CompilerServices.Unsafe.Add(ref element, index);
        }
    }
}
