using System;
using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Memory
{
    // Physical memory in 4 KiB frames: which are RAM the kernel may hand out, which are handed out,
    // and how many references each has (copy-on-write shares a frame between address spaces).
    //
    // The metadata lives in memory the caller provides: one FrameInfo per frame, then one 32-bit
    // slot per frame for the free stacks. Each zone (below 16 MiB, 16 MiB-4 GiB, above 4 GiB) has a
    // stack of free frame numbers with as many slots as the zone has frames, so a single frame is
    // allocated or freed in O(1). Contiguous runs are found by scanning the FrameInfo array; the
    // frames they take keep their stack entries, which go stale: a pop skips an entry whose frame is
    // no longer free (lazy deletion). A frame has at most one entry (FrameInfo.InFreeStack), so a
    // stack can never overflow and never needs rebuilding.
    //
    // Not synchronised: the caller serialises access.
    public sealed unsafe class FrameAllocator
    {
        public const ulong FrameSize = 4096;
        private const int FrameShift = 12;
        // The free stacks keep frame numbers in 32 bits: 2^32 frames are 16 TiB of physical memory.
        private const ulong MaxFrames = 1UL << 32;
        private const ulong Below16MiBFrames = (16UL << 20) >> FrameShift;
        private const ulong Below4GiBFrames = (4UL << 30) >> FrameShift;
        private const int ZoneCount = 3;

        // The three stacks share one slot array: zone z's stack grows from Bottom[z] and has room up
        // to End[z], the zone's first frame past its end (clamped to the frames managed).
        private struct ZoneStacks
        {
            public fixed ulong Bottom[ZoneCount];
            public fixed ulong Top[ZoneCount];
            public fixed ulong End[ZoneCount];
        }

        private readonly FrameInfo* _frames;
        private readonly uint* _slots;
        private readonly ulong _frameCount;
        private ZoneStacks _zones;
        private ulong _totalFrames;
        private ulong _freeFrames;
        private ulong _lowestFreeFrames;

        // 12 bytes per frame: an 8-byte FrameInfo and a 4-byte stack slot.
        public static ulong MetadataBytes(ulong frameCount)
            => Math.Min(frameCount, MaxFrames) * ((ulong)sizeof(FrameInfo) + sizeof(uint));

        // Frames from 2^32 on are beyond what the allocator manages (OutOfRange).
        public FrameAllocator(ulong frameCount, void* metadata)
        {
            _frameCount = Math.Min(frameCount, MaxFrames);
            _frames = (FrameInfo*)metadata;
            _slots = (uint*)(_frames + _frameCount);
            for (ulong frame = 0; frame < _frameCount; frame++)
                _frames[frame] = new FrameInfo { References = FrameInfo.Absent };
            ulong bottom = 0;
            for (int zone = 0; zone < ZoneCount; zone++)
            {
                ulong end = ZoneEnd((FrameZone)zone);
                _zones.Bottom[zone] = bottom;
                _zones.Top[zone] = bottom;
                _zones.End[zone] = end;
                bottom = end;
            }
        }

        public ulong TotalFrames => _totalFrames;
        public ulong FreeFrames => _freeFrames;
        public ulong AllocatedFrames => _totalFrames - _freeFrames;
        // The smallest FreeFrames has been; AddFree raises it by the frames it adds, since memory
        // joining the pool says nothing about how much was once in use.
        public ulong LowestFreeFrames => _lowestFreeFrames;

        // Physical [start, end) is RAM the allocator may hand out, rounded inward to whole frames
        // (a partial frame is not all RAM). Frames already free, allocated or reserved are left as
        // they are, so overlapping memory-map entries and reservations made first are both safe.
        public void AddFree(ulong start, ulong end)
        {
            ulong first = (start >> FrameShift) + ((start & (FrameSize - 1)) != 0 ? 1UL : 0);
            ulong last = Math.Min(end >> FrameShift, _frameCount);
            for (ulong frame = first; frame < last; frame++)
            {
                FrameInfo* info = _frames + frame;
                if (info->References != FrameInfo.Absent) continue;
                info->References = 0;
                Push(frame, info);
                _totalFrames++;
                _freeFrames++;
                _lowestFreeFrames++;
            }
        }

        // Physical [start, end), rounded outward to whole frames (a partial frame still holds some
        // of the range), is never handed out, even if AddFree covers it later. Refused, changing
        // nothing, when a frame of the range is allocated: someone already uses that memory.
        public bool Reserve(ulong start, ulong end)
        {
            if (start >= end) return true;
            ulong first = start >> FrameShift;
            ulong last = Math.Min((end >> FrameShift) + ((end & (FrameSize - 1)) != 0 ? 1UL : 0), _frameCount);
            for (ulong frame = first; frame < last; frame++)
                if (_frames[frame].IsAllocated) return false;
            for (ulong frame = first; frame < last; frame++)
            {
                FrameInfo* info = _frames + frame;
                if (info->IsFree)
                {
                    _totalFrames--;
                    _freeFrames--;
                }
                // A stack entry the frame may have goes stale; a pop skips it.
                info->References = FrameInfo.Reserved;
            }
            _lowestFreeFrames = Math.Min(_lowestFreeFrames, _freeFrames);
            return true;
        }

        // One frame with reference count 1, from the highest zone the request allows that has one,
        // to keep low memory for devices that need it. Not zeroed.
        public bool TryAllocate(FrameZone zone, out ulong physical)
        {
            if ((uint)zone <= (uint)FrameZone.Any)
            {
                for (int z = (int)zone; z >= 0; z--)
                {
                    ulong bottom = _zones.Bottom[z];
                    ulong top = _zones.Top[z];
                    while (top != bottom)
                    {
                        top--;
                        ulong frame = _slots[top];
                        FrameInfo* info = _frames + frame;
                        info->InFreeStack = false;
                        if (info->References == 0)
                        {
                            _zones.Top[z] = top;
                            Take(info);
                            TakeFree(1);
                            physical = frame << FrameShift;
                            return true;
                        }
                    }
                    _zones.Top[z] = top;
                }
            }
            physical = 0;
            return false;
        }

        // count physically contiguous frames, each with reference count 1, the first aligned to
        // alignment (a power of two, at least FrameSize), all within the zone. The highest such run
        // is taken, for the same reason as in TryAllocate. The scan goes downward and jumps below
        // each frame that is not free, so it reads each FrameInfo at most once.
        public bool TryAllocateContiguous(ulong count, ulong alignment, FrameZone zone, out ulong physical)
        {
            physical = 0;
            if (count == 0 || alignment < FrameSize || (alignment & (alignment - 1)) != 0) return false;
            if ((uint)zone > (uint)FrameZone.Any) return false;
            ulong limit = _zones.End[(int)zone];
            if (count > limit) return false;
            ulong alignMask = ~((alignment >> FrameShift) - 1);
            ulong start = (limit - count) & alignMask;
            while (true)
            {
                ulong end = start + count;
                ulong scan = end;
                while (scan != start && _frames[scan - 1].IsFree) scan--;
                if (scan == start) break;
                // Frame scan - 1 is taken: the next candidate run must end at or below it.
                ulong blocker = scan - 1;
                if (blocker < count) return false;
                start = (blocker - count) & alignMask;
            }
            for (ulong frame = start; frame < start + count; frame++)
                Take(_frames + frame);
            TakeFree(count);
            physical = start << FrameShift;
            return true;
        }

        // Drops one reference; at zero the frame is free again.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]   // on the page tables' map/unmap path
        public FrameResult Release(ulong physical)
        {
            FrameInfo* info = AllocatedFrame(physical);
            if (info == null) return Refusal(physical);
            uint references = info->References - 1;
            info->References = references;
            if (references == 0)
            {
                _freeFrames++;
                // A frame taken by a contiguous allocation may still have its (now valid again) entry.
                if (!info->InFreeStack) Push(physical >> FrameShift, info);
            }
            return FrameResult.Ok;
        }

        // One more reference, for a frame shared copy-on-write.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]   // on the page tables' map/unmap path
        public FrameResult AddReference(ulong physical)
        {
            FrameInfo* info = AllocatedFrame(physical);
            if (info == null) return Refusal(physical);
            if (info->References == FrameInfo.MaxReferences) return FrameResult.CountOverflow;
            info->References++;
            return FrameResult.Ok;
        }

        // AddReference's usual case, for the page-table loops: an allocated frame (physical is
        // its start) whose count has room gets one more reference. False changes nothing, and
        // AddReference then says why.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryAddReference(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            if ((physical & (FrameSize - 1)) != 0 || frame >= _frameCount) return false;
            FrameInfo* info = _frames + frame;
            // 1 .. MaxReferences - 1: allocated, and not full; one compare, as IsAllocated.
            if (info->References - 1 >= FrameInfo.MaxReferences - 1) return false;
            info->References++;
            return true;
        }

        // The queries take any address within a frame.
        public uint ReferenceCount(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            if (frame >= _frameCount) return 0;
            uint references = _frames[frame].References;
            return references <= FrameInfo.MaxReferences ? references : 0;
        }

        // Not RAM as far as the allocator knows: never handed out, never reserved (the kernel's
        // image, boot modules, firmware areas are), so a mapping of it can only reach a device.
        public bool IsAbsent(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            return frame >= _frameCount || _frames[frame].References == FrameInfo.Absent;
        }

        public bool IsManaged(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            return frame < _frameCount && _frames[frame].IsManaged;
        }

        // The allocated frame's spare counter, zero when the frame was allocated. For a frame that
        // is not allocated it is a null reference: a broken caller faults on the null page rather
        // than corrupting another frame's record (Unsafe.IsNullRef tells it apart).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]   // on the page tables' map/unmap path
        public ref ushort TableEntryCount(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            if (frame >= _frameCount || !_frames[frame].IsAllocated) return ref Unsafe.NullRef<ushort>();
            return ref _frames[frame].TableEntries;
        }

        // The record of the allocated frame that starts at physical, or null: one test on the fast
        // path, and Refusal names the error only when there is one.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private FrameInfo* AllocatedFrame(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            if ((physical & (FrameSize - 1)) != 0 || frame >= _frameCount || !_frames[frame].IsAllocated) return null;
            return _frames + frame;
        }

        private FrameResult Refusal(ulong physical)
        {
            ulong frame = physical >> FrameShift;
            if ((physical & (FrameSize - 1)) != 0) return FrameResult.Misaligned;
            if (frame >= _frameCount) return FrameResult.OutOfRange;
            return _frames[frame].IsFree ? FrameResult.NotAllocated : FrameResult.Reserved;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Push(ulong frame, FrameInfo* info)
        {
            // The zone index is the number of zone boundaries at or below the frame.
            int zone = (frame >= Below16MiBFrames ? 1 : 0) + (frame >= Below4GiBFrames ? 1 : 0);
            _slots[_zones.Top[zone]++] = (uint)frame;
            info->InFreeStack = true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Take(FrameInfo* info)
        {
            info->References = 1;
            info->TableEntries = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void TakeFree(ulong count)
        {
            _freeFrames -= count;
            if (_freeFrames < _lowestFreeFrames) _lowestFreeFrames = _freeFrames;
        }

        private ulong ZoneEnd(FrameZone zone)
        {
            ulong end = zone == FrameZone.Below16MiB ? Below16MiBFrames
                      : zone == FrameZone.Below4GiB ? Below4GiBFrames
                      : MaxFrames;
            return Math.Min(end, _frameCount);
        }
    }
}
