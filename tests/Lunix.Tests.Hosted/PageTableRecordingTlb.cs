using System.Collections.Generic;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The TLB seam for hosted tests: records every call, and simulates a translation cache that
    // the test fills by "touching" pages of the active space. AssertCoherent then fails if a
    // cached translation no longer matches the tables: an invalidation was missed.
    internal sealed class RecordingTlb : Tlb
    {
        private readonly record struct Cached(ulong Page, ulong Size, ulong Physical, ulong Attributes, bool Global);

        // Real TLBs evict too; a small cache keeps the coherence check cheap.
        private const int Capacity = 48;

        private readonly List<Cached> _cache = new List<Cached>();
        private ulong _root;

        public readonly List<ulong> Invalidated = new List<ulong>();
        public int Flushes;
        public int GlobalFlushes;
        public int Loads;

        public override ulong ActiveRoot => _root;

        public override void Load(ulong root)
        {
            Loads++;
            _root = root;
            _cache.RemoveAll(c => !c.Global);
        }

        public override void InvalidatePage(ulong address)
        {
            Assert.True(VirtualRange.IsCanonical(address), $"invlpg of a non-canonical address {address:x}");
            Invalidated.Add(address);
            _cache.RemoveAll(c => address - c.Page < c.Size);
        }

        public override void Flush(bool includingGlobal)
        {
            if (includingGlobal) GlobalFlushes++;
            else Flushes++;
            _cache.RemoveAll(c => includingGlobal || !c.Global);
        }

        public void ClearLog()
        {
            Invalidated.Clear();
            Flushes = GlobalFlushes = Loads = 0;
        }

        public int Calls => Invalidated.Count + Flushes + GlobalFlushes;

        // The CPU uses address in the active space: it caches the page's translation.
        public void Touch(in AddressSpace active, ulong address)
        {
            Assert.Equal(_root, active.Root);
            if (!active.Query(address, out PageMapping mapping)) return;
            if (_cache.Count == Capacity) _cache.RemoveAt(0);
            _cache.Add(new Cached(mapping.PageAddress, mapping.PageSize, mapping.PhysicalAddress, mapping.Entry.Attributes, mapping.Entry.IsGlobal));
        }

        // Every cached translation is still what the active space's tables say, at every 4 KiB
        // page of a cached 2 MiB page and every 2 MiB of a cached 1 GiB page.
        public void AssertCoherent(in AddressSpace active)
        {
            foreach (Cached cached in _cache)
            {
                ulong step = cached.Size == PageTableMachine.GiB1 ? PageTableMachine.MiB2 : PageTableMachine.KiB4;
                for (ulong offset = 0; offset < cached.Size; offset += step)
                {
                    ulong address = cached.Page + offset;
                    bool mapped = active.Query(address, out PageMapping now);
                    Assert.True(mapped && now.Translate(address) == cached.Physical + offset && now.Entry.Attributes == cached.Attributes,
                        $"stale TLB entry for {address:x}: cached {cached.Physical + offset:x}/{cached.Attributes:x}, tables say "
                        + (mapped ? $"{now.Translate(address):x}/{now.Entry.Attributes:x}" : "unmapped"));
                }
            }
        }
    }
}
