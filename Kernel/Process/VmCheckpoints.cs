using System;
using Lunix.Abi;

namespace Lunix.Kernel.Process
{
    // VM's record of each process's regions, kept by the kernel beside the address space it
    // describes (VMREGIONS). VM works from its own copy; this one outlives VM, so that a VM
    // restarted after a crash, or replaced by live update, finds every process's regions again.
    // A record belongs to one address space (Process.SpaceId): it moves with the program when
    // UPDATE swaps two slots, and a new space in the slot (an exit, a restart) finds it empty,
    // so VM never applies one process's regions to another. The bytes are VM's own format.
    public static class VmCheckpoints
    {
        public const int Bytes = VmRequests.RegionRecordBytes;

        private static readonly byte[] s_records = new byte[ProcessTable.Slots * Bytes];
        private static readonly ulong[] s_spaceIds = new ulong[ProcessTable.Slots];

        public static void Save(int slot, ReadOnlySpan<byte> record)
        {
            Span<byte> stored = RecordOf(slot);
            stored.Clear();
            record.CopyTo(stored);
            s_spaceIds[slot] = ProcessTable.Slot(slot).SpaceId;
        }

        // The record of the slot's current space: all zeroes when VM saved none for it.
        public static ReadOnlySpan<byte> Load(int slot)
        {
            if (s_spaceIds[slot] != ProcessTable.Slot(slot).SpaceId) RecordOf(slot).Clear();
            return RecordOf(slot);
        }

        public static void Swap(int a, int b)
        {
            (s_spaceIds[a], s_spaceIds[b]) = (s_spaceIds[b], s_spaceIds[a]);
            Span<byte> keep = stackalloc byte[Bytes];
            RecordOf(a).CopyTo(keep);
            RecordOf(b).CopyTo(RecordOf(a));
            keep.CopyTo(RecordOf(b));
        }

        private static Span<byte> RecordOf(int slot) => new Span<byte>(s_records, slot * Bytes, Bytes);
    }
}
