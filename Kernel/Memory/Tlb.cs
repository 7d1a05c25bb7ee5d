namespace Lunix.Kernel.Memory
{
    // The CPU's translation cache, as page-table code sees it. The kernel's implementation is
    // invlpg and CR3 (and CR4.PGE for global entries); hosted tests record the calls and
    // simulate the cache. A class with virtual methods rather than an interface: under the core
    // library a virtual call is a vtable load, an interface call a dispatch-map lookup.
    public abstract class Tlb
    {
        // The physical address of the PML4 in CR3 now.
        public abstract ulong ActiveRoot { get; }

        // Loads root into CR3, which drops every non-global translation.
        public abstract void Load(ulong root);

        // Drops the translations (and paging-structure caches) for the page holding address,
        // whatever its size.
        public abstract void InvalidatePage(ulong address);

        // Drops every non-global translation (a CR3 reload), with includingGlobal the global
        // ones too (toggling CR4.PGE).
        public abstract void Flush(bool includingGlobal);

        // The user half of the tables at root changed: other processors that may cache them
        // must drop what they cache. One processor has none.
        public virtual void ChangedElsewhere(ulong root) { }
    }
}
