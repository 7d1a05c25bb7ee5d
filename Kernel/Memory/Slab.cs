using System.Runtime.InteropServices;

namespace Lunix.Kernel.Memory
{
    // The header at the start of each frame an ObjectCache carves into slots; the slots follow it.
    // Every field is set when the frame becomes a slab: the frame allocator does not zero frames.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Slab
    {
        // Room for the smallest objects: (4096 - 96-byte header) / 8 = 500 slots.
        public const int MaxSlots = 512;

        // Links in the cache's list of partially free slabs; meaningless while not in it.
        public Slab* Next;
        public Slab* Prev;
        // The owning cache's tag, so Free tells a slab of its own from any other frame. Cleared when
        // the frame goes back to the allocator, so a stale pointer into it is refused.
        public ulong Owner;
        // Index + 1 of the first freed slot (each freed slot holds the next one's index + 1 in its
        // first two bytes); 0 ends the list.
        public ushort FreeHead;
        // Slots handed out now.
        public ushort InUse;
        // Slots ever handed out since the slab was (re)started: those from Carved on were never used,
        // so starting a slab costs no pass over its slots to build a free list.
        public ushort Carved;
        private ushort _padding;
        // Bit i set: slot i is allocated. Makes a double free an O(1) check.
        public fixed ulong Allocated[MaxSlots / 64];

        public void Start(ulong owner)
        {
            Owner = owner;
            FreeHead = 0;
            InUse = 0;
            Carved = 0;
            for (int i = 0; i < MaxSlots / 64; i++) Allocated[i] = 0;
        }

        public bool IsAllocated(uint slot) => (Allocated[slot >> 6] & Bit(slot)) != 0;

        public void MarkAllocated(uint slot) => Allocated[slot >> 6] |= Bit(slot);

        public void MarkFree(uint slot) => Allocated[slot >> 6] &= ~Bit(slot);

        private static ulong Bit(uint slot) => 1UL << (int)(slot & 63);
    }
}
