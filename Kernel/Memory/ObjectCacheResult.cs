namespace Lunix.Kernel.Memory
{
    // The outcome of ObjectCache.Free and ReleaseEmptySlab. Every refusal (all but Ok and
    // SlabReleaseRefused) leaves the cache unchanged.
    public enum ObjectCacheResult
    {
        Ok,
        // The pointer is not inside a slab of this cache: another cache's object, a frame that is
        // not a slab, or no memory the frame allocator hands out at all.
        NotInCache,
        // Inside one of this cache's slabs, but not at the start of a slot.
        NotASlot,
        // The slot is free already: a double free, or a slot never handed out.
        NotAllocated,
        // The object was freed, but the frame allocator refused the emptied slab's frame: the frame
        // was freed behind the cache's back. A broken kernel invariant; the caller should panic.
        SlabReleaseRefused,
    }
}
