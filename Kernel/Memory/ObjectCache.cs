namespace Lunix.Kernel.Memory
{
    // Kernel objects of one fixed size (process slots, endpoints, ...), slab style: each 4 KiB frame
    // taken from the frame allocator is a slab with a small header followed by equal slots.
    // Allocation prefers a partially free slab, so objects pack into few frames; a slab whose last
    // object is freed goes back to the frame allocator, except one kept empty so an object
    // allocated and freed over and over does not take and return a frame each time.
    //
    // Allocate and Free are O(1) and allocate nothing on the managed heap. Free checks that the
    // pointer is an allocated slot of this cache (frame allocated, slab owner tag, slot boundary,
    // allocated bit) before touching anything, so a foreign pointer or a double free is refused.
    //
    // Not synchronised: the caller serialises access, as for the frame allocator.
    public sealed unsafe class ObjectCache
    {
        public const uint MinObjectSize = 8;
        public const uint MaxObjectSize = 2048;
        private const ulong FrameOffsetMask = FrameAllocator.FrameSize - 1;

        // Distinct for every cache ever created and never 0 (the tag of no cache): successive
        // multiples of an odd constant, which repeat only after 2^64 caches.
        private static ulong s_lastTag;

        private readonly FrameAllocator _frames;
        private readonly PhysicalWindow _window;
        private readonly FrameZone _zone;
        private readonly ulong _tag;
        private readonly uint _objectSize;
        private readonly uint _firstSlot;
        private readonly uint _slotsPerSlab;
        // Head of the doubly linked list of slabs with both free and allocated slots.
        private Slab* _partial;
        // The one entirely free slab kept; null when there is none.
        private Slab* _empty;
        private ulong _objectsAllocated;
        private ulong _highWater;
        private ulong _slabs;

        private ObjectCache(string name, uint objectSize, FrameAllocator frames, PhysicalWindow window, FrameZone zone)
        {
            Name = name;
            _objectSize = objectSize;
            _frames = frames;
            _window = window;
            _zone = zone;
            _firstSlot = (uint)sizeof(Slab);
            _slotsPerSlab = ((uint)FrameAllocator.FrameSize - _firstSlot) / objectSize;
            s_lastTag += 0x9E3779B97F4A7C15;
            _tag = s_lastTag;
        }

        // A cache of objects of objectSize bytes, rounded up to a multiple of 8 (every object is
        // 8-byte aligned), in slabs from the given zone; null when the size is 0 or above
        // MaxObjectSize (larger objects would waste most of a frame).
        public static ObjectCache Create(string name, uint objectSize, FrameAllocator frames, PhysicalWindow window, FrameZone zone = FrameZone.Any)
        {
            if (objectSize == 0 || objectSize > MaxObjectSize) return null;
            return new ObjectCache(name, (objectSize + MinObjectSize - 1) & ~(MinObjectSize - 1), frames, window, zone);
        }

        // For the boot log and debug commands.
        public string Name { get; }
        public uint ObjectSize => _objectSize;
        public uint SlotsPerSlab => _slotsPerSlab;
        public ulong ObjectsAllocated => _objectsAllocated;
        // Free slots in the slabs the cache holds: what it can hand out without a new frame.
        public ulong ObjectsFree => _slabs * _slotsPerSlab - _objectsAllocated;
        // The most objects allocated at once.
        public ulong HighWater => _highWater;
        // Frames held, the kept empty slab included.
        public ulong Slabs => _slabs;

        // A zeroed object, or null when no slab has a free slot and the frame allocator has no frame.
        public void* Allocate()
        {
            Slab* slab = _partial;
            if (slab == null)
            {
                slab = _empty != null ? _empty : NewSlab();
                if (slab == null) return null;
                _empty = null;
                PushPartial(slab);
            }

            uint slot;
            if (slab->FreeHead != 0)
            {
                slot = slab->FreeHead - 1u;
                slab->FreeHead = *(ushort*)SlotAddress(slab, slot);
            }
            else
            {
                slot = slab->Carved++;
            }
            slab->MarkAllocated(slot);
            if (++slab->InUse == _slotsPerSlab) Unlink(slab);

            if (++_objectsAllocated > _highWater) _highWater = _objectsAllocated;
            ulong* words = (ulong*)SlotAddress(slab, slot);
            for (uint i = 0, n = _objectSize / 8; i < n; i++) words[i] = 0;
            return words;
        }

        // Returns an object Allocate handed out. A pointer that is not an allocated slot of this
        // cache is refused and changes nothing.
        public ObjectCacheResult Free(void* pointer)
        {
            // A pointer below the window wraps to a huge address, which no frame has.
            ulong physical = (ulong)((byte*)pointer - _window.Base);
            // Only an allocated frame may be read: a wild pointer could land on device memory.
            if (_frames.ReferenceCount(physical) == 0) return ObjectCacheResult.NotInCache;
            Slab* slab = (Slab*)_window.Bytes(physical & ~FrameOffsetMask);
            if (slab->Owner != _tag) return ObjectCacheResult.NotInCache;
            uint offset = (uint)(physical & FrameOffsetMask);
            if (offset < _firstSlot) return ObjectCacheResult.NotASlot;
            uint slot = (offset - _firstSlot) / _objectSize;
            if (slot >= _slotsPerSlab || _firstSlot + slot * _objectSize != offset) return ObjectCacheResult.NotASlot;
            if (!slab->IsAllocated(slot)) return ObjectCacheResult.NotAllocated;

            slab->MarkFree(slot);
            *(ushort*)pointer = slab->FreeHead;
            slab->FreeHead = (ushort)(slot + 1);
            bool wasFull = slab->InUse == _slotsPerSlab;
            slab->InUse--;
            _objectsAllocated--;
            if (slab->InUse == 0)
            {
                if (!wasFull) Unlink(slab);
                return Retire(slab);
            }
            if (wasFull) PushPartial(slab);
            return ObjectCacheResult.Ok;
        }

        // Gives the kept empty slab's frame back: under memory pressure, or before dropping the cache.
        public ObjectCacheResult ReleaseEmptySlab()
        {
            Slab* slab = _empty;
            if (slab == null) return ObjectCacheResult.Ok;
            _empty = null;
            return Release(slab);
        }

        private Slab* NewSlab()
        {
            if (!_frames.TryAllocate(_zone, out ulong physical)) return null;
            _slabs++;
            Slab* slab = (Slab*)_window.Bytes(physical);
            slab->Start(_tag);
            return slab;
        }

        // The slab's last object was freed: keep it as the empty slab, or free its frame when one
        // is kept already.
        private ObjectCacheResult Retire(Slab* slab)
        {
            if (_empty != null) return Release(slab);
            // Restarted, so its next objects come from the top again and its free list is not walked.
            slab->Start(_tag);
            _empty = slab;
            return ObjectCacheResult.Ok;
        }

        private ObjectCacheResult Release(Slab* slab)
        {
            slab->Owner = 0;
            _slabs--;
            ulong physical = (ulong)((byte*)slab - _window.Base);
            return _frames.Release(physical) == FrameResult.Ok ? ObjectCacheResult.Ok : ObjectCacheResult.SlabReleaseRefused;
        }

        private byte* SlotAddress(Slab* slab, uint slot) => (byte*)slab + _firstSlot + slot * _objectSize;

        private void PushPartial(Slab* slab)
        {
            slab->Prev = null;
            slab->Next = _partial;
            if (_partial != null) _partial->Prev = slab;
            _partial = slab;
        }

        private void Unlink(Slab* slab)
        {
            if (slab->Prev != null) slab->Prev->Next = slab->Next;
            else _partial = slab->Next;
            if (slab->Next != null) slab->Next->Prev = slab->Prev;
        }
    }
}
