using System;
using System.Runtime.CompilerServices;

namespace Internal.Runtime
{
    // Brings managed code to life: a heap, then the static data ILC laid out in each module.
    public static unsafe class Startup
    {
        private const uint ReadyToRunSignature = 0x00525452; // "RTR"
        private const int GCStaticRegion = 201;
        private const int EagerCctor = 205;

        private struct ReadyToRunHeader
        {
            public uint Signature;
            public ushort MajorVersion;
            public ushort MinorVersion;
            public uint Flags;
            public ushort NumberOfSections;
            public byte EntrySize;
            public byte EntryType;
        }

        private struct ModuleInfoRow
        {
            public int SectionId;
            public int Flags;
            public byte* Start;
            public byte* End;
        }

        // modules..modulesEnd is the __modules section: one pointer per ReadyToRun header.
        public static void Initialize(byte* heap, nuint heapSize, void** modules, void** modulesEnd)
        {
            Heap.Initialize(heap, heapSize);
            for (void** m = modules; m < modulesEnd; m++)
                if (*m != null) InitializeStatics((ReadyToRunHeader*)*m);
            for (void** m = modules; m < modulesEnd; m++)
                if (*m != null) RunEagerConstructors((ReadyToRunHeader*)*m);
        }

        private static ModuleInfoRow* FindSection(ReadyToRunHeader* header, int id)
        {
            if (header->Signature != ReadyToRunSignature)
                RuntimeFailure.Fail(FailureKind.FailFast, "bad ReadyToRun header", (ulong)header);
            var rows = (ModuleInfoRow*)(header + 1);
            for (int i = 0; i < header->NumberOfSections; i++)
                if (rows[i].SectionId == id) return &rows[i];
            return null;
        }

        // Each GC static block starts as a 32-bit relative pointer to the MethodTable describing
        // the block, tagged in bit 0 ("not allocated yet") and bit 1 ("pre-initialised data
        // follows": a second relative pointer). Once allocated, the block holds the object.
        private static void InitializeStatics(ReadyToRunHeader* header)
        {
            ModuleInfoRow* row = FindSection(header, GCStaticRegion);
            if (row == null) return;
            for (int* entry = (int*)row->Start; entry < (int*)row->End; entry++)
            {
                int* block = (int*)Follow(entry);
                nint tagged = (nint)Follow(block);
                if ((tagged & 1) == 0) continue;
                var type = (MethodTable*)(tagged & ~(nint)3);
                object obj = Heap.AllocateObject(type, type->BaseSize);
                if ((tagged & 2) != 0)
                    Buffer.Memmove(ref obj.GetRawData(), ref *(byte*)Follow(block + 1), type->BaseSize - (uint)sizeof(nint) * 2);
                *(nint*)block = *(nint*)Unsafe.AsPointer(ref obj);
            }
        }

        private static void* Follow(int* relative) => (byte*)relative + *relative;

        private static void RunEagerConstructors(ReadyToRunHeader* header)
        {
            ModuleInfoRow* row = FindSection(header, EagerCctor);
            if (row == null) return;
            for (int* entry = (int*)row->Start; entry < (int*)row->End; entry++)
                ((delegate*<void>)Follow(entry))();
        }
    }
}
