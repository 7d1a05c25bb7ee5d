using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Elf;

namespace Lunix.Kernel.Process
{
    // VM's record of each process's regions, kept by the kernel beside the address space it
    // describes (VMREGIONS). VM works from its own copy; this one outlives VM, so that a VM
    // restarted after a crash, or replaced by live update, finds every process's regions again.
    // A record belongs to one address space (Process.SpaceId): it moves with the program when
    // UPDATE swaps two slots, and a new space in the slot (an exit, a restart) finds it empty,
    // so VM never applies one process's regions to another. The format is Abi's (VmRecordHeader,
    // then its Count VmRegions); only that used part is copied either way. EXEC writes the first
    // record of each Linux program it loads (StartProgram), so VM learns the program's layout
    // from the kernel, the moment it exists, whoever asks first.
    public static class VmCheckpoints
    {
        public const int Bytes = VmRequests.RegionRecordBytes;

        private static readonly byte[] s_records = new byte[ProcessTable.Slots * Bytes];
        private static readonly ulong[] s_spaceIds = new ulong[ProcessTable.Slots];

        // The used length of a record: its header and Count regions; 0 for a Count out of range.
        public static int UsedLength(ReadOnlySpan<byte> record)
        {
            int count = MemoryMarshal.Read<VmRecordHeader>(record).Count;
            return count < 0 || count > VmRequests.RegionsPerProcess ? 0 : VmRecordHeader.Size + count * VmRegion.Size;
        }

        // `record`: a used part, as UsedLength measures it.
        public static void Save(int slot, ReadOnlySpan<byte> record)
        {
            record.CopyTo(RecordOf(slot));
            s_spaceIds[slot] = ProcessTable.Slot(slot).SpaceId;
        }

        // The used part of the record of the slot's current space: a header of zeroes when VM
        // saved none for it.
        public static ReadOnlySpan<byte> Load(int slot)
        {
            Span<byte> record = RecordOf(slot);
            if (s_spaceIds[slot] != ProcessTable.Slot(slot).SpaceId)
            {
                record.Slice(0, VmRecordHeader.Size).Clear();
                s_spaceIds[slot] = ProcessTable.Slot(slot).SpaceId;
            }
            return record.Slice(0, UsedLength(record));
        }

        // The regions of the record of the slot's current space (none when VM saved none for it).
        public static ReadOnlySpan<VmRegion> Regions(int slot)
        {
            ReadOnlySpan<byte> record = Load(slot);
            return record.Length < VmRecordHeader.Size ? default : MemoryMarshal.Cast<byte, VmRegion>(record.Slice(VmRecordHeader.Size));
        }

        // The first record of the Linux program EXEC just loaded into the slot: a region per
        // segment (File: MADV_DONTNEED keeps its bytes), in address order, with the segment's
        // rights; the stack's whole reserve below ExecLayout.StackTop, writable (EXEC mapped its
        // top, the rest is demand-zero); and the program break at the page after the highest
        // segment, where brk's area starts.
        public static void StartProgram(int slot, in ElfImage image)
        {
            Span<byte> record = RecordOf(slot);
            Span<VmRegion> regions = MemoryMarshal.Cast<byte, VmRegion>(record.Slice(VmRecordHeader.Size));
            const ulong Page = VmRequests.PageSize;
            int count = 0;
            ulong end = 0, stackBottom = ExecLayout.StackTop - ExecLayout.StackReserve;
            for (int i = 0; i < image.SegmentCount && count < VmRequests.RegionsPerProcess - 1; i++)
            {
                ElfSegment segment = image.Segment(i);
                ulong start = segment.VirtualAddress & ~(Page - 1), stop = (segment.End + Page - 1) & ~(Page - 1);
                var region = new VmRegion { Start = start, Length = stop - start, Protection = ProtectionOf(segment), Flags = VmRegionFlags.File, Giver = Endpoint.None };
                int at = count++;
                for (; at > 0 && regions[at - 1].Start > start; at--) regions[at] = regions[at - 1];
                regions[at] = region;
                if (stop > end) end = stop;
                if (stop > stackBottom && start < ExecLayout.StackTop) stackBottom = stop;
            }
            regions[count++] = new VmRegion
            {
                Start = stackBottom, Length = ExecLayout.StackTop - stackBottom, Protection = VmProtection.Writable, Flags = VmRegionFlags.None, Giver = Endpoint.None,
            };
            MemoryMarshal.Cast<byte, VmRecordHeader>(record.Slice(0, VmRecordHeader.Size))[0] = new VmRecordHeader { HeapStart = end, Break = end, Count = count };
            s_spaceIds[slot] = ProcessTable.Slot(slot).SpaceId;
        }

        private static VmProtection ProtectionOf(ElfSegment segment)
        {
            if (segment.Writable) return VmProtection.Writable;
            if (segment.Executable) return VmProtection.Executable;
            return segment.Readable ? VmProtection.Read : VmProtection.NoAccess;
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
