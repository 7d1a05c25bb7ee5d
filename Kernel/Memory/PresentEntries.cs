using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // The present entries of one table, for the walks over a whole space (fork's copy, its
    // teardown, the resident count), found from both ends toward the middle until the table's
    // entry count is reached. A process's regions lie at both ends of the user half (program and
    // heap low, stack high), so its tables fill from one end or the other: a walk from the front
    // alone crossed the empty middle of every table on the stack's side. Empty stretches go
    // eight entries a test. The order is no one's concern: every entry is visited once.
    public unsafe struct PresentEntries
    {
        private const int Group = 8;

        private readonly ulong* _entries;
        private int _low, _high;            // what is left to look at: [_low, _high]
        private int _remaining;

        // Entries [start, end) of the table, count of them present (or an upper bound, which
        // makes the walk look at them all).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PresentEntries(ulong* entries, int start, int end, int count)
        {
            _entries = entries;
            _low = start;
            _high = end - 1;
            _remaining = count;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Next(out int index)
        {
            while (_remaining > 0 && _low <= _high)
            {
                if ((_entries[_low] & PageTableEntry.Present) != 0)
                {
                    index = _low++;
                    _remaining--;
                    return true;
                }
                if ((_entries[_high] & PageTableEntry.Present) != 0)
                {
                    index = _high--;
                    _remaining--;
                    return true;
                }
                // Neither end is present: the stretch inward from each goes whole when empty.
                _low += _low + Group - 1 <= _high && IsEmpty(_entries + _low) ? Group : 1;
                _high -= _high - Group + 1 >= _low && IsEmpty(_entries + _high - Group + 1) ? Group : 1;
            }
            index = -1;
            return false;
        }

        // Entries that are not present are zero, so an OR of eight is zero only when none is.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsEmpty(ulong* group)
            => (group[0] | group[1] | group[2] | group[3] | group[4] | group[5] | group[6] | group[7]) == 0;
    }
}
