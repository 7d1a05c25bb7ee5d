using Lunix.Ipc;

namespace Lunix.Servers.Vm
{
    // A range of a process's address space that VM answers for (MINIX's vir_region): its pages
    // are demand-zero until touched, or were mapped from another process by map_memory (Giver).
    public struct Region
    {
        public ulong Start;
        public ulong Length;
        public VmProtection Protection;
        public int Giver;               // the endpoint whose map_memory made it, or Endpoint.None

        public readonly ulong End => Start + Length;
        public readonly bool Contains(ulong address) => address - Start < Length;
    }

    // Every process's regions, by slot: up to PerProcess each, in arrays made once, so a fault's
    // look-up allocates nothing. A slot's table belongs to one endpoint: a request from a new
    // occupant (the process exited and its slot was reused) starts it afresh. VM places regions
    // itself, in the area between the program image and the stack, each after the last with an
    // unmapped guard page between. Results are 0 or a negated Errno.
    public sealed class RegionTable
    {
        public const int Slots = 64;
        public const int PerProcess = 16;
        public const ulong AreaStart = 0x0000_1000_0000_0000;
        public const ulong AreaEnd = 0x0000_7000_0000_0000;
        public const ulong MaxLength = 1UL << 30;
        private const ulong PageSize = VmRequests.PageSize;

        private readonly Region[] regions = new Region[Slots * PerProcess];
        private readonly int[] owners = new int[Slots];
        private readonly int[] counts = new int[Slots];
        private readonly ulong[] nextFree = new ulong[Slots];

        public RegionTable()
        {
            for (int slot = 0; slot < Slots; slot++) owners[slot] = Endpoint.None;
        }

        // The region of `endpoint` holding `address`: the page-fault path's question.
        public bool TryFind(int endpoint, ulong address, out Region region)
        {
            int slot = SlotOf(endpoint);
            if (slot >= 0 && owners[slot] == endpoint)
            {
                int first = slot * PerProcess;
                for (int i = first; i < first + counts[slot]; i++)
                {
                    if (!regions[i].Contains(address)) continue;
                    region = regions[i];
                    return true;
                }
            }
            region = default;
            return false;
        }

        // A new region of `length` bytes (whole pages) where VM chooses.
        public int Add(int endpoint, ulong length, VmProtection protection, int giver, out ulong address)
        {
            address = 0;
            int slot = SlotOf(endpoint);
            if (slot < 0) return -(int)Errno.EINVAL;
            if (length == 0 || length > MaxLength || (length & (PageSize - 1)) != 0 || (protection & ~VmProtection.Writable) != 0)
                return -(int)Errno.EINVAL;
            if (owners[slot] != endpoint)
            {
                owners[slot] = endpoint;
                counts[slot] = 0;
                nextFree[slot] = AreaStart;
            }
            if (counts[slot] == PerProcess || nextFree[slot] + length > AreaEnd) return -(int)Errno.ENOMEM;
            address = nextFree[slot];
            nextFree[slot] += length + PageSize;
            regions[slot * PerProcess + counts[slot]++] = new Region { Start = address, Length = length, Protection = protection, Giver = giver };
            return 0;
        }

        // Takes [address, address + length) out of the one region that holds it, which may split
        // it in two. `requester` must be the region's process or the one that gave it by
        // map_memory (EPERM); a range not inside one region is EINVAL; a split with the table
        // full is ENOMEM, and nothing changes.
        public int Remove(int endpoint, ulong address, ulong length, int requester)
        {
            if (length == 0 || ((address | length) & (PageSize - 1)) != 0 || address + length < address) return -(int)Errno.EINVAL;
            int slot = SlotOf(endpoint);
            if (slot < 0 || owners[slot] != endpoint) return -(int)Errno.EINVAL;
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
                return 0;
            }
            return -(int)Errno.EINVAL;
        }

        // Fork: `child` starts with a copy of `parent`'s regions (none if it has no table), the
        // same givers included, and places new ones where the parent would have. An endpoint
        // outside the table (none the kernel makes) inherits nothing.
        public void Inherit(int parent, int child)
        {
            int from = SlotOf(parent), to = SlotOf(child);
            if (from < 0 || to < 0) return;
            owners[to] = child;
            bool has = owners[from] == parent;
            counts[to] = has ? counts[from] : 0;
            nextFree[to] = has ? nextFree[from] : AreaStart;
            for (int i = 0; i < counts[to]; i++) regions[to * PerProcess + i] = regions[from * PerProcess + i];
        }

        public int CountOf(int endpoint)
        {
            int slot = SlotOf(endpoint);
            return slot >= 0 && owners[slot] == endpoint ? counts[slot] : 0;
        }

        private static int SlotOf(int endpoint)
        {
            if (endpoint < 0) return -1;
            int slot = Endpoint.SlotOf(endpoint);
            return slot < Slots ? slot : -1;
        }
    }
}
