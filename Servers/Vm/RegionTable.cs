using System;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.Servers.Vm
{
    // Where VM's record of each process's regions outlives VM: the kernel, beside the address
    // space it describes (VMREGIONS). Both return the identity of the process's current address
    // space (> 0), or a negated Errno (a dead process). Load fills the start of `record` with
    // the record's used part; Save is given exactly that part.
    public interface IRegionRecords
    {
        long Load(int endpoint, Span<byte> record);
        long Save(int endpoint, ReadOnlySpan<byte> record);
    }

    // The regions of every process (MINIX's vir_region lists): ranges of its address space VM
    // answers for, each with its rights and kind (Abi's VmRegion), sorted by address, up to
    // PerProcess each. The kernel keeps the authoritative record of each process (VMREGIONS,
    // written by VM after every change and by EXEC for a new program); VM works on copies of
    // the records of the Cached processes it saw last, in arrays made once, so that a page
    // fault's look-up allocates nothing and, for a process seen recently, costs no kernel call.
    // A copy belongs to one address space (the identity the kernel gives it): a page fault names
    // the space, and one VM has not seen (a new program, a restarted or updated process, every
    // process after VM itself restarted) is loaded from the kernel's record first; a request
    // names none, so Open loads the current record. Results are 0 or a negated Errno.
    //
    // Two kinds of client place regions: VM's own (Add: each after the last, from AreaStart up,
    // with an unmapped guard page between, never reusing an address), and POSIX processes, whose
    // calls work on ranges of an opened process (Place, Insert, Clear, Protect) and then Save.
    public sealed class RegionTable
    {
        public const int Slots = Endpoint.Slots;
        public const int PerProcess = VmRequests.RegionsPerProcess;
        public const int Cached = 64;
        public const ulong AreaStart = 0x0000_1000_0000_0000;
        public const ulong AreaEnd = 0x0000_7000_0000_0000;
        public const ulong MaxLength = 1UL << 30;
        private const ulong PageSize = VmRequests.PageSize;

        private readonly IRegionRecords records;
        private readonly VmRegion[] regions = new VmRegion[Cached * PerProcess];
        private readonly VmRecordHeader[] headers = new VmRecordHeader[Cached];
        private readonly int[] owners = new int[Cached];            // the endpoint whose copy each entry holds
        private readonly ulong[] spaces = new ulong[Cached];        // and of which space; 0: nothing loaded
        private readonly short[] entryOfSlot = new short[Slots];    // entry + 1; 0: none
        private readonly int[] slotOfEntry = new int[Cached];        // -1: none
        private readonly byte[] record = new byte[VmRequests.RegionRecordBytes];
        private int hand, lastOpened = -1;

        public RegionTable(IRegionRecords records)
        {
            this.records = records;
            for (int entry = 0; entry < Cached; entry++) slotOfEntry[entry] = -1;
        }

        // The rights a region's pages get from the kernel: its protection, and Shared for a
        // MAP_SHARED region's.
        public static VmProtection PageRights(in VmRegion region) =>
            (region.Flags & VmRegionFlags.Shared) != 0 ? region.Protection | VmProtection.Shared : region.Protection;

        // ---- Look-ups ----

        // The region of `endpoint` (whose address space is `space`) holding `address`: the
        // page-fault path's question, answered from VM's copy when it is of that space.
        public bool TryFind(int endpoint, ulong space, ulong address, out VmRegion region)
        {
            region = default;
            int slot = SlotOf(endpoint);
            if (slot < 0) return false;
            int entry = entryOfSlot[slot] - 1;
            if (entry < 0 || owners[entry] != endpoint || spaces[entry] != space)
                if (Open(endpoint, out entry) != 0 || spaces[entry] != space) return false;
            int index = IndexAt(entry, address);
            if (index < 0) return false;
            region = regions[entry * PerProcess + index];
            return true;
        }

        // The same question for a client's request, which names no space: the process's current
        // record is loaded first.
        public bool TryFindCurrent(int endpoint, ulong address, out VmRegion region)
        {
            region = default;
            if (Open(endpoint, out int entry) != 0) return false;
            int index = IndexAt(entry, address);
            if (index < 0) return false;
            region = regions[entry * PerProcess + index];
            return true;
        }

        public int CountOf(int endpoint) => Open(endpoint, out int entry) == 0 ? headers[entry].Count : 0;

        // ---- An opened process: its current record, to read and change, then Save ----

        // Loads `endpoint`'s current record into a copy of VM's (EDEADSRCDST for a dead process).
        // `entry` names the copy until an Open of another process evicts it; the one opened last
        // never is, so that a change between two processes (Inherit) has both.
        public int Open(int endpoint, out int entry)
        {
            entry = -1;
            int slot = SlotOf(endpoint);
            if (slot < 0) return -(int)Errno.EINVAL;
            entry = entryOfSlot[slot] - 1;
            if (entry < 0) entry = Evict(slot);
            int previous = lastOpened;
            lastOpened = entry;
            int loaded = Load(endpoint, entry);
            if (loaded != 0) lastOpened = previous;
            return loaded;
        }

        public ref VmRecordHeader Header(int entry) => ref headers[entry];

        public ReadOnlySpan<VmRegion> Regions(int entry) => new ReadOnlySpan<VmRegion>(regions, entry * PerProcess, headers[entry].Count);

        // The index of the region holding `address`, or -1.
        public int IndexAt(int entry, ulong address)
        {
            int low = 0, high = headers[entry].Count - 1, first = entry * PerProcess;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                ref VmRegion region = ref regions[first + middle];
                if (address < region.Start) high = middle - 1;
                else if (address - region.Start >= region.Length) low = middle + 1;
                else return middle;
            }
            return -1;
        }

        // The index of the first region ending after `address` (Count when none).
        public int FirstAfter(int entry, ulong address)
        {
            int i = 0, count = headers[entry].Count, first = entry * PerProcess;
            while (i < count && regions[first + i].End <= address) i++;
            return i;
        }

        // No region overlaps [start, end).
        public bool IsFree(int entry, ulong start, ulong end)
        {
            int i = FirstAfter(entry, start);
            return i == headers[entry].Count || regions[entry * PerProcess + i].Start >= end;
        }

        // Regions cover [start, end) without a hole.
        public bool IsCovered(int entry, ulong start, ulong end)
        {
            int count = headers[entry].Count, first = entry * PerProcess;
            ulong cursor = start;
            for (int i = FirstAfter(entry, start); i < count && cursor < end; i++)
            {
                if (regions[first + i].Start > cursor) return false;
                cursor = regions[first + i].End;
            }
            return cursor >= end;
        }

        // Where a new range of `length` bytes goes in [low, high): as high as it fits, below every
        // region above it (Linux's top-down placement). False when nothing fits.
        public bool TryPlace(int entry, ulong length, ulong low, ulong high, out ulong address)
        {
            address = 0;
            if (length == 0 || high <= low || length > high - low) return false;
            int first = entry * PerProcess;
            ulong ceiling = high;
            for (int i = headers[entry].Count - 1; i >= -1; i--)
            {
                ulong floor = i < 0 ? low : Math.Max(low, regions[first + i].End);
                if (floor < ceiling && ceiling - floor >= length)
                {
                    address = ceiling - length;
                    return true;
                }
                if (i >= 0) ceiling = Math.Min(ceiling, regions[first + i].Start);
                if (ceiling <= low) return false;
            }
            return false;
        }

        // A new region over a free range (IsFree), merged with neighbours of the same kind; ENOMEM
        // when the table is full.
        public int Insert(int entry, in VmRegion region)
        {
            int count = headers[entry].Count, first = entry * PerProcess;
            int at = FirstAfter(entry, region.Start);
            bool joinsBefore = at > 0 && Joins(in regions[first + at - 1], in region);
            bool joinsAfter = at < count && Joins(in region, in regions[first + at]);
            if (joinsBefore && joinsAfter)
            {
                regions[first + at - 1].Length = regions[first + at].End - regions[first + at - 1].Start;
                RemoveAt(entry, at);
            }
            else if (joinsBefore) regions[first + at - 1].Length += region.Length;
            else if (joinsAfter)
            {
                regions[first + at].Length += region.Length;
                regions[first + at].Start = region.Start;
            }
            else
            {
                if (count == PerProcess) return -(int)Errno.ENOMEM;
                Shift(first + at, first + at + 1, count - at);
                regions[first + at] = region;
                headers[entry].Count++;
            }
            return 0;
        }

        // Takes [start, end) out of every region (munmap): regions inside go, those straddling
        // an end are cut, one holding the whole range splits in two. ENOMEM, before anything
        // changes, when that split finds the table full.
        public int Clear(int entry, ulong start, ulong end)
        {
            int first = entry * PerProcess;
            int i = FirstAfter(entry, start);
            if (i == headers[entry].Count || regions[first + i].Start >= end) return 0;
            ref VmRegion region = ref regions[first + i];
            if (region.Start < start && region.End > end)
            {
                if (headers[entry].Count == PerProcess) return -(int)Errno.ENOMEM;
                VmRegion tail = region;
                tail.Start = end;
                tail.Length = region.End - end;
                region.Length = start - region.Start;
                Shift(first + i + 1, first + i + 2, headers[entry].Count - i - 1);
                regions[first + i + 1] = tail;
                headers[entry].Count++;
                return 0;
            }
            if (region.Start < start)
            {
                region.Length = start - region.Start;
                i++;
            }
            while (i < headers[entry].Count && regions[first + i].Start < end)
            {
                ref VmRegion inside = ref regions[first + i];
                if (inside.End > end)
                {
                    inside.Length = inside.End - end;
                    inside.Start = end;
                    break;
                }
                RemoveAt(entry, i);
            }
            return 0;
        }

        // Gives every region in [start, end), which IsCovered, the protection `protection`,
        // splitting those that straddle an end and merging what then matches (mprotect). ENOMEM,
        // before anything changes, when the splits do not fit.
        public int Protect(int entry, ulong start, ulong end, VmProtection protection) =>
            Change(entry, start, end, protection, setsProtection: true, VmRegionFlags.None, VmRegionFlags.None);

        // Sets and clears flags of every region in [start, end) (madvise's fork advice), as Protect.
        public int Mark(int entry, ulong start, ulong end, VmRegionFlags set, VmRegionFlags clear) =>
            Change(entry, start, end, VmProtection.Read, setsProtection: false, set, clear);

        private int Change(int entry, ulong start, ulong end, VmProtection protection, bool setsProtection, VmRegionFlags set, VmRegionFlags clear)
        {
            int splits = SplitsAt(entry, start) + SplitsAt(entry, end);
            if (headers[entry].Count + splits > PerProcess) return -(int)Errno.ENOMEM;
            SplitAt(entry, start);
            SplitAt(entry, end);
            int first = entry * PerProcess;
            for (int i = FirstAfter(entry, start); i < headers[entry].Count && regions[first + i].Start < end; i++)
            {
                ref VmRegion region = ref regions[first + i];
                if (setsProtection) region.Protection = protection;
                region.Flags = (region.Flags | set) & ~clear;
            }
            MergeAround(entry, start, end);
            return 0;
        }

        // Splits the region straddling `address`, if any, in two there; the caller made room.
        public void SplitAt(int entry, ulong address)
        {
            int index = IndexAt(entry, address), first = entry * PerProcess;
            if (index < 0 || regions[first + index].Start == address) return;
            ref VmRegion region = ref regions[first + index];
            VmRegion tail = region;
            tail.Start = address;
            tail.Length = region.End - address;
            region.Length = address - region.Start;
            Shift(first + index + 1, first + index + 2, headers[entry].Count - index - 1);
            regions[first + index + 1] = tail;
            headers[entry].Count++;
        }

        // 1 when a region straddles `address` (splitting there needs a place), else 0.
        public int SplitsAt(int entry, ulong address)
        {
            int index = IndexAt(entry, address);
            return index >= 0 && regions[entry * PerProcess + index].Start != address ? 1 : 0;
        }

        // Joins the regions of the same kind that touch, from the one before `start` to the one
        // after `end`.
        public void MergeAround(int entry, ulong start, ulong end)
        {
            int first = entry * PerProcess;
            int i = Math.Max(FirstAfter(entry, start) - 1, 0);
            while (i + 1 < headers[entry].Count && regions[first + i].Start <= end)
            {
                if (Joins(in regions[first + i], in regions[first + i + 1]))
                {
                    regions[first + i].Length = regions[first + i + 1].End - regions[first + i].Start;
                    RemoveAt(entry, i + 1);
                }
                else i++;
            }
        }

        // Drops the opened process's copy, changed but not to be saved: the next use reloads the
        // kernel's record, which has the process as it was.
        public void Forget(int entry) => spaces[entry] = 0;

        // Writes the opened process's copy to the kernel's record. A process that died meanwhile
        // takes its regions with it (EDEADSRCDST), and the copy is forgotten.
        public int Save(int entry)
        {
            int count = headers[entry].Count;
            MemoryMarshal.Cast<byte, VmRecordHeader>(new Span<byte>(record, 0, VmRecordHeader.Size))[0] = headers[entry];
            new ReadOnlySpan<VmRegion>(regions, entry * PerProcess, count)
                .CopyTo(MemoryMarshal.Cast<byte, VmRegion>(new Span<byte>(record, VmRecordHeader.Size, count * VmRegion.Size)));
            long saved = records.Save(owners[entry], new ReadOnlySpan<byte>(record, 0, VmRecordHeader.Size + count * VmRegion.Size));
            if (saved > 0 && (ulong)saved == spaces[entry]) return 0;
            spaces[entry] = 0;
            return saved < 0 ? (int)saved : -(int)Errno.EINVAL;
        }

        // ---- VM's own clients (Abi's Map, Unmap, MapMemory, Fork) ----

        // A new region of `length` bytes (whole pages) where VM chooses: past the last one added.
        public int Add(int endpoint, ulong length, VmProtection protection, int giver, out ulong address) =>
            Place(endpoint, length, protection, giver, VmRegionFlags.None, out address);

        // A writable Device region (MapPhysical, MapContiguous): its pages are mapped whole by
        // the kernel call that follows, and VM never backs one (a fault there is refused).
        public int AddDevice(int endpoint, ulong length, out ulong address) =>
            Place(endpoint, length, VmProtection.Writable, Endpoint.None, VmRegionFlags.Device, out address);

        private int Place(int endpoint, ulong length, VmProtection protection, int giver, VmRegionFlags flags, out ulong address)
        {
            address = 0;
            int opened = OpenForAdd(endpoint, length, protection, out int entry);
            if (opened != 0) return opened;
            ulong at = headers[entry].NextFree == 0 ? AreaStart : headers[entry].NextFree;
            if (headers[entry].Count == PerProcess || at + length > AreaEnd || !IsFree(entry, at, at + length)) return -(int)Errno.ENOMEM;
            address = at;
            return AddAt(entry, at, length, protection, giver, flags);
        }

        // A new region at `address` (map_memory's SameAddress: a live update's new version gets
        // the old one's memory where the old one's statics point to it). EEXIST where the range
        // is taken, EINVAL outside VM's area.
        public int AddAtSameAddress(int endpoint, ulong address, ulong length, VmProtection protection, int giver)
        {
            int opened = OpenForAdd(endpoint, length, protection, out int entry);
            if (opened != 0) return opened;
            if (address < AreaStart || address + length > AreaEnd || (address & (PageSize - 1)) != 0) return -(int)Errno.EINVAL;
            if (headers[entry].Count == PerProcess) return -(int)Errno.ENOMEM;
            if (!IsFree(entry, address, address + length)) return -(int)Errno.EEXIST;
            return AddAt(entry, address, length, protection, giver, VmRegionFlags.None);
        }

        private int OpenForAdd(int endpoint, ulong length, VmProtection protection, out int entry)
        {
            entry = -1;
            if (length == 0 || length > MaxLength || (length & (PageSize - 1)) != 0 || (protection & ~VmProtection.Writable) != 0)
                return -(int)Errno.EINVAL;
            return Open(endpoint, out entry);
        }

        // Later regions VM places go past this one, with a page between.
        private int AddAt(int entry, ulong at, ulong length, VmProtection protection, int giver, VmRegionFlags flags)
        {
            var region = new VmRegion { Start = at, Length = length, Protection = protection, Flags = flags, Giver = giver };
            InsertApart(entry, in region);
            ref VmRecordHeader header = ref headers[entry];
            if (at + length + PageSize > header.NextFree) header.NextFree = at + length + PageSize;
            return Save(entry);
        }

        // Takes [address, address + length) out of the one region that holds it, which may split
        // it in two. `requester` must be the region's process or the one that gave it by
        // map_memory (EPERM); a range not inside one region is EINVAL; a split with the table
        // full is ENOMEM, and nothing changes.
        public int Remove(int endpoint, ulong address, ulong length, int requester)
        {
            if (length == 0 || ((address | length) & (PageSize - 1)) != 0 || address + length < address) return -(int)Errno.EINVAL;
            if (Open(endpoint, out int entry) != 0) return -(int)Errno.EINVAL;
            int index = IndexAt(entry, address);
            if (index < 0) return -(int)Errno.EINVAL;
            VmRegion region = regions[entry * PerProcess + index];
            if (address + length > region.End) return -(int)Errno.EINVAL;
            if (requester != endpoint && requester != region.Giver) return -(int)Errno.EPERM;
            int cleared = Clear(entry, address, address + length);
            return cleared != 0 ? cleared : Save(entry);
        }

        // Fork: `child` (a new address space) starts with a copy of `parent`'s regions, the same
        // givers, heap and placement included. Saved for the child like any change.
        public int Inherit(int parent, int child)
        {
            int opened = Open(parent, out int from);
            if (opened != 0) return opened;
            opened = Open(child, out int to);
            if (opened != 0) return opened;
            headers[to] = headers[from];
            Shift(from * PerProcess, to * PerProcess, headers[from].Count);
            return Save(to);
        }

        // ---- The copies ----

        // A region placed by VM itself, which never touches another (a guard page between).
        private void InsertApart(int entry, in VmRegion region)
        {
            int count = headers[entry].Count, first = entry * PerProcess;
            int at = FirstAfter(entry, region.Start);
            Shift(first + at, first + at + 1, count - at);
            regions[first + at] = region;
            headers[entry].Count++;
        }

        // Moves `count` regions within the copies (overlap-safe).
        private void Shift(int from, int to, int count) =>
            new ReadOnlySpan<VmRegion>(regions, from, count).CopyTo(new Span<VmRegion>(regions, to, count));

        private void RemoveAt(int entry, int index)
        {
            int first = entry * PerProcess, count = headers[entry].Count;
            Shift(first + index + 1, first + index, count - index - 1);
            headers[entry].Count--;
        }

        // Regions that may be one: touching, with the same rights, kind and giver.
        private static bool Joins(in VmRegion before, in VmRegion after) =>
            before.End == after.Start && before.Protection == after.Protection && before.Flags == after.Flags && before.Giver == after.Giver;

        // The copy of `entry` from the kernel's record of the process's current space.
        private int Load(int endpoint, int entry)
        {
            spaces[entry] = 0;
            owners[entry] = endpoint;
            long space = records.Load(endpoint, record);
            if (space <= 0) return space < 0 ? (int)space : -(int)Errno.EINVAL;
            VmRecordHeader header = MemoryMarshal.Read<VmRecordHeader>(record);
            if (header.Count < 0 || header.Count > PerProcess) return -(int)Errno.EINVAL;
            headers[entry] = header;
            MemoryMarshal.Cast<byte, VmRegion>(new ReadOnlySpan<byte>(record, VmRecordHeader.Size, header.Count * VmRegion.Size))
                .CopyTo(new Span<VmRegion>(regions, entry * PerProcess, PerProcess));
            spaces[entry] = (ulong)space;
            return 0;
        }

        // A copy for `slot`: the next the clock hand finds that was not the one opened last.
        // Nothing is lost: the kernel's record holds every change.
        private int Evict(int slot)
        {
            int entry;
            do
            {
                entry = hand;
                hand = (hand + 1) % Cached;
            }
            while (entry == lastOpened);
            if (slotOfEntry[entry] >= 0) entryOfSlot[slotOfEntry[entry]] = 0;
            slotOfEntry[entry] = slot;
            entryOfSlot[slot] = (short)(entry + 1);
            spaces[entry] = 0;
            owners[entry] = Endpoint.None;
            return entry;
        }

        private static int SlotOf(int endpoint)
        {
            if (endpoint < 0) return -1;
            int slot = Endpoint.SlotOf(endpoint);
            return slot < Slots ? slot : -1;
        }
    }
}
