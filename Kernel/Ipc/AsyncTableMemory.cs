using System;
using Lunix.Abi;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Ipc
{
    // SENDA tables live in their owner's memory; the IPC engine reads entries and writes back
    // their flags and results through this, whichever address space is loaded. An entry is
    // laid out as flags (int), destination (int), result (int), padding (int), then the message.
    internal sealed unsafe class AsyncTableMemory : IAsyncTableMemory
    {
        public const int EntrySize = 16 + Message.Size;

        public bool TryRead(int ownerSlot, ulong table, int index, out AsyncEntry entry)
        {
            entry = default;
            Span<byte> bytes = stackalloc byte[EntrySize];
            if (!ProcessMemory.Read(ownerSlot, table + (ulong)(index * EntrySize), bytes)) return false;
            entry.Flags = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes);
            entry.Destination = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(4));
            entry.Result = (Errno)System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(8));
            fixed (byte* source = bytes) entry.Message = *(Message*)(source + 16);
            return true;
        }

        public bool TryWriteStatus(int ownerSlot, ulong table, int index, int flags, Errno result)
        {
            Span<int> status = stackalloc int[3];
            if (!ProcessMemory.Read(ownerSlot, table + (ulong)(index * EntrySize) + 4, System.Runtime.InteropServices.MemoryMarshal.Cast<int, byte>(status.Slice(1, 1))))
                return false;
            status[0] = flags;
            status[2] = (int)result;
            return ProcessMemory.Write(ownerSlot, table + (ulong)(index * EntrySize), System.Runtime.InteropServices.MemoryMarshal.Cast<int, byte>(status));
        }
    }
}
