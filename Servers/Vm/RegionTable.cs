using System;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.Servers.Vm
{
    // A range of a process's address space that VM answers for (MINIX's vir_region): its pages
    // are demand-zero until touched, or were mapped from another process by map_memory (Giver).
    [StructLayout(LayoutKind.Sequential)]
    public struct Region
    {
        public ulong Start;
        public ulong Length;
        public VmProtection Protection;
        public int Giver;               // the endpoint whose map_memory made it, or Endpoint.None

        public readonly ulong End => Start + Length;
        public readonly bool Contains(ulong address) => address - Start < Length;
    }

    // Where VM's record of each process's regions outlives VM: the kernel, beside the address
    // space it describes (VMREGIONS). Both return the identity of the process's current address
    // space (> 0), or a negated Errno (a dead process).
    public interface IRegionRecords
    {
        long Load(int endpoint, Span<byte> record);
        long Save(int endpoint, ReadOnlySpan<byte> record);
    }

    // Every process's regions, by slot: up to PerProcess each, in arrays made once, so a fault's
    // look-up allocates nothing. VM's copy of a slot belongs to one address space (the identity
    // the kernel gives it): a page fault names the space, and one VM has not seen (a restarted
    // or updated process, or every process after VM itself restarted) is loaded from the
    // kernel's record first. Every change is saved there before it is answered. VM places
    // regions itself, between the program image and the stack, each after the last with an
    // unmapped guard page between. Results are 0 or a negated Errno.
    public sealed class RegionTable
    {
        public const int Slots = Endpoint.Slots;
        public const int PerProcess = 16;
        public const ulong AreaStart = 0x0000_1000_0000_0000;
        public const ulong AreaEnd = 0x0000_7000_0000_0000;
        public const ulong MaxLength = 1UL << 30;
        private const ulong PageSize = VmRequests.PageSize;
        // The record: a RecordHeader, then the regions as they are in memory.
        private const int HeaderBytes = 16, RegionBytes = 24;

        private readonly IRegionRecords records;
        private readonly Region[] regions = new Region[Slots * PerProcess];
        private readonly ulong[] spaces = new ulong[Slots];        // 0: nothing loaded
        private readonly int[] counts = new int[Slots];
        private readonly ulong[] nextFree = new ulong[Slots];
        private readonly byte[] record = new byte[VmRequests.RegionRecordBytes];

        public RegionTable(IRegionRecords records)
        {
            this.records = records;
        }

        // The region of `endpoint` (whose address space is `space`) holding `address`: the
        // page-fault path's question, answered from VM's copy when it is of that space.
        public bool TryFind(int endpoint, ulong space, ulong address, out Region region)
        {
            region = default;
            int slot = SlotOf(endpoint);
            if (slot < 0 || spaces[slot] != space && (Load(endpoint, slot) != 0 || spaces[slot] != space)) return false;
            int first = slot * PerProcess;
            for (int i = first; i < first + counts[slot]; i++)
            {
                if (!regions[i].Contains(address)) continue;
                region = regions[i];
                return true;
            }
            return false;
        }

        // The same question for a client's request, which names no space: the process's current
        // record is loaded first.
        public bool TryFindCurrent(int endpoint, ulong address, out Region region)
        {
            region = default;
            int slot = SlotOf(endpoint);
            return slot >= 0 && Load(endpoint, slot) == 0 && TryFind(endpoint, spaces[slot], address, out region);
        }

        // A new region of `length` bytes (whole pages) where VM chooses.
        public int Add(int endpoint, ulong length, VmProtection protection, int giver, out ulong address)
        {
            address = 0;
            if (length == 0 || length > MaxLength || (length & (PageSize - 1)) != 0 || (protection & ~VmProtection.Writable) != 0)
                return -(int)Errno.EINVAL;
            int slot = SlotOf(endpoint);
            int loaded = slot < 0 ? -(int)Errno.EINVAL : Load(endpoint, slot);
            if (loaded != 0) return loaded;
            if (counts[slot] == PerProcess || nextFree[slot] + length > AreaEnd) return -(int)Errno.ENOMEM;
            address = nextFree[slot];
            nextFree[slot] += length + PageSize;
            regions[slot * PerProcess + counts[slot]++] = new Region { Start = address, Length = length, Protection = protection, Giver = giver };
            return Save(endpoint, slot);
        }

        // Takes [address, address + length) out of the one region that holds it, which may split
        // it in two. `requester` must be the region's process or the one that gave it by
        // map_memory (EPERM); a range not inside one region is EINVAL; a split with the table
        // full is ENOMEM, and nothing changes.
        public int Remove(int endpoint, ulong address, ulong length, int requester)
        {
            if (length == 0 || ((address | length) & (PageSize - 1)) != 0 || address + length < address) return -(int)Errno.EINVAL;
            int slot = SlotOf(endpoint);
            if (slot < 0 || Load(endpoint, slot) != 0) return -(int)Errno.EINVAL;
            int first = slot * PerProcess, end = first + counts[slot];
            for (int i = first; i < end; i++)
            {
                Region region = regions[i];
                if (!region.Contains(address)) continue;
                if (address + length > region.End) return -(int)Errno.EINVAL;
                if (requester != endpoint && requester != region.Giver) return -(int)Errno.EPERM;
                bool keepsHead = address > region.Start, keepsTail = address + length < region.End;
                if (keepsHead && keepsTail && counts[slot] == PerProcess) return -(int)Errno.ENOMEM;
                Region tail = region;
                tail.Start = address + length;
                tail.Length = region.End - tail.Start;
                if (keepsHead)
                {
                    regions[i].Length = address - region.Start;
                    if (keepsTail) regions[first + counts[slot]++] = tail;
                }
                else if (keepsTail) regions[i] = tail;
                else regions[i] = regions[first + --counts[slot]];
                return Save(endpoint, slot);
            }
            return -(int)Errno.EINVAL;
        }

        // Fork: `child` (a new address space) starts with a copy of `parent`'s regions, the same
        // givers included, and places new ones where the parent would have. Saved for the child
        // like any change.
        public int Inherit(int parent, int child)
        {
            int from = SlotOf(parent), to = SlotOf(child);
            if (from < 0 || to < 0) return -(int)Errno.EINVAL;
            int loaded = Load(parent, from);
            if (loaded == 0) loaded = Load(child, to);
            if (loaded != 0) return loaded;
            counts[to] = counts[from];
            nextFree[to] = nextFree[from];
            new ReadOnlySpan<Region>(regions, from * PerProcess, counts[from]).CopyTo(new Span<Region>(regions, to * PerProcess, PerProcess));
            return Save(child, to);
        }

        public int CountOf(int endpoint)
        {
            int slot = SlotOf(endpoint);
            return slot >= 0 && Load(endpoint, slot) == 0 ? counts[slot] : 0;
        }

        // VM's copy of the slot from the kernel's record of the process's current space.
        private int Load(int endpoint, int slot)
        {
            spaces[slot] = 0;
            long space = records.Load(endpoint, record);
            if (space <= 0) return space < 0 ? (int)space : -(int)Errno.EINVAL;
            RecordHeader header = MemoryMarshal.Read<RecordHeader>(record);
            if (header.Count < 0 || header.Count > PerProcess) return -(int)Errno.EINVAL;
            nextFree[slot] = header.NextFree == 0 ? AreaStart : header.NextFree;
            counts[slot] = header.Count;
            MemoryMarshal.Cast<byte, Region>(new ReadOnlySpan<byte>(record, HeaderBytes, header.Count * RegionBytes))
                .CopyTo(new Span<Region>(regions, slot * PerProcess, PerProcess));
            spaces[slot] = (ulong)space;
            return 0;
        }

        // The kernel's record from VM's copy. A process that died meanwhile takes its regions with it.
        private int Save(int endpoint, int slot)
        {
            new Span<byte>(record).Clear();
            MemoryMarshal.Cast<byte, RecordHeader>(new Span<byte>(record, 0, HeaderBytes))[0] = new RecordHeader { NextFree = nextFree[slot], Count = counts[slot] };
            new ReadOnlySpan<Region>(regions, slot * PerProcess, counts[slot]).CopyTo(MemoryMarshal.Cast<byte, Region>(new Span<byte>(record, HeaderBytes, PerProcess * RegionBytes)));
            long saved = records.Save(endpoint, record);
            if (saved > 0) return 0;
            spaces[slot] = 0;
            return saved < 0 ? (int)saved : -(int)Errno.EINVAL;
        }

        [StructLayout(LayoutKind.Sequential, Size = HeaderBytes)]
        private struct RecordHeader
        {
            public ulong NextFree;
            public int Count;
        }

        private static int SlotOf(int endpoint)
        {
            if (endpoint < 0) return -1;
            int slot = Endpoint.SlotOf(endpoint);
            return slot < Slots ? slot : -1;
        }
    }
}
