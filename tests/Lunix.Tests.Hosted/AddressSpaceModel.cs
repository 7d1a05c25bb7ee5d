using System.Collections.Generic;
using Lunix.Kernel.Memory;

namespace Lunix.Tests.Hosted
{
    // The reference model of one address space (or of the shared kernel half): what is mapped,
    // as sorted runs of virtual pages onto physically contiguous memory with one set of
    // attributes. Runs, not pages, so that a 1 GiB page is one entry.
    internal sealed class AddressSpaceModel
    {
        public readonly record struct Run(ulong Start, ulong End, ulong Physical, PageAttributes Attributes)
        {
            public Run Slice(ulong start, ulong end) => new Run(start, end, Physical + (start - Start), Attributes);
        }

        private List<Run> _runs = new List<Run>();

        public IReadOnlyList<Run> Runs => _runs;

        public AddressSpaceModel Clone() => new AddressSpaceModel { _runs = new List<Run>(_runs) };

        public bool Overlaps(ulong start, ulong end) => _runs.Exists(r => r.Start < end && start < r.End);

        public bool Covers(ulong start, ulong end)
        {
            ulong cursor = start;
            foreach (Run run in _runs)
            {
                if (run.End <= cursor) continue;
                if (run.Start > cursor) return false;
                cursor = run.End;
                if (cursor >= end) return true;
            }
            return cursor >= end;
        }

        public Run? Find(ulong address)
        {
            foreach (Run run in _runs) if (run.Start <= address && address < run.End) return run;
            return null;
        }

        public void Add(Run run)
        {
            int index = _runs.FindIndex(r => r.Start > run.Start);
            _runs.Insert(index < 0 ? _runs.Count : index, run);
        }

        public void Remove(ulong start, ulong end) => Rewrite(start, end, null);

        public void SetAttributes(ulong start, ulong end, PageAttributes attributes) => Rewrite(start, end, attributes);

        // Every run with Writable on memory below ramBytes becomes read-only copy-on-write.
        public void MarkCopyOnWrite(ulong ramBytes)
        {
            for (int i = 0; i < _runs.Count; i++)
            {
                Run run = _runs[i];
                if (run.Physical < ramBytes && (run.Attributes & PageAttributes.Writable) != 0)
                    _runs[i] = run with { Attributes = (run.Attributes & ~PageAttributes.Writable) | PageAttributes.CopyOnWrite };
            }
        }

        // Cuts [start, end) out of the runs; with attributes, puts it back with those.
        private void Rewrite(ulong start, ulong end, PageAttributes? attributes)
        {
            var result = new List<Run>();
            foreach (Run run in _runs)
            {
                if (run.End <= start || end <= run.Start)
                {
                    result.Add(run);
                    continue;
                }
                if (run.Start < start) result.Add(run.Slice(run.Start, start));
                if (attributes is PageAttributes changed)
                    result.Add(run.Slice(System.Math.Max(run.Start, start), System.Math.Min(run.End, end)) with { Attributes = changed });
                if (end < run.End) result.Add(run.Slice(end, run.End));
            }
            _runs = result;
        }

        // Adjacent runs that continue each other physically with the same attributes become one,
        // so that two descriptions of the same mapping compare equal.
        public static List<Run> Normalize(IEnumerable<Run> runs)
        {
            var merged = new List<Run>();
            foreach (Run run in runs)
            {
                if (merged.Count > 0)
                {
                    Run last = merged[^1];
                    if (last.End == run.Start && last.Physical + (last.End - last.Start) == run.Physical && last.Attributes == run.Attributes)
                    {
                        merged[^1] = last with { End = run.End };
                        continue;
                    }
                }
                merged.Add(run);
            }
            return merged;
        }
    }
}
