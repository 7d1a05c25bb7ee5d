namespace Lunix.SystemLibrary
{
    // The memory this program mapped for itself through VM (VirtualMemory.Map, less what it
    // unmapped since): a live update shares each range with the new version at the same address
    // (Sef.OfferImage), where the statics it takes over point. A fixed table, in the writable
    // image like every static: a server maps a few large ranges and grows by chunks.
    public static class OwnRegions
    {
        public const int Capacity = 64;
        private static readonly ulong[] s_starts = new ulong[Capacity];
        private static readonly ulong[] s_ends = new ulong[Capacity];

        public static int Count { get; private set; }
        public static ulong StartOf(int index) => s_starts[index];
        public static ulong LengthOf(int index) => s_ends[index] - s_starts[index];

        // False when the table is full: the caller gives the memory back (a range it could not
        // hand over would be lost to a live update).
        internal static bool Add(ulong start, ulong length)
        {
            if (Count == Capacity) return false;
            s_starts[Count] = start;
            s_ends[Count] = start + length;
            Count++;
            return true;
        }

        // [start, start + length) is gone: ranges inside it are dropped, ranges it overlaps
        // trimmed, a range it splits becomes two (when the table has room; else the upper part
        // is forgotten, which loses nothing but that part's hand-over).
        internal static void Remove(ulong start, ulong length)
        {
            ulong end = start + length;
            for (int i = 0; i < Count; i++)
            {
                ulong from = s_starts[i], to = s_ends[i];
                if (to <= start || from >= end) continue;
                if (from < start && to > end)
                {
                    s_ends[i] = start;
                    Add(end, to - end);
                }
                else if (from < start) s_ends[i] = start;
                else if (to > end) s_starts[i] = end;
                else
                {
                    Count--;
                    s_starts[i] = s_starts[Count];
                    s_ends[i] = s_ends[Count];
                    i--;
                }
            }
        }
    }
}
