using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // The bytes of an inode: pages found through an index page (the first 4 MiB) and a double
    // index (up to 4 GiB), as MINIX's file system finds blocks through its zones. A page not there
    // is a hole and reads as zeros. Bytes past Size in the last page are always zero, so growing a
    // file needs no clearing. An inode whose bytes are still in place in an archive (Extent) is
    // read from there and copied into pages at its first change (Unshare).
    //
    // Reads and writes go a run at a time: the longest stretch of the file lying in consecutive
    // memory, so the server copies it to or from a program's buffer with one SAFECOPY.
    public sealed unsafe class FileData
    {
        private const int IdsPerPage = PagePool.PageSize / sizeof(uint);
        public const ulong MaxSize = (ulong)(IdsPerPage + IdsPerPage * IdsPerPage) * PagePool.PageSize;

        private readonly PagePool _pages;
        private readonly IMemorySource _memory;
        private readonly uint _zeroPage;                        // what a hole reads as

        public FileData(PagePool pages, IMemorySource memory)
        {
            _pages = pages;
            _memory = memory;
            _zeroPage = pages.Allocate(zero: true);
        }

        // The run of the file at `position`: at most `length` bytes, never past Size. Empty at
        // or past the end.
        public ReadOnlySpan<byte> ReadRun(ref Inode inode, ulong position, ulong length)
        {
            if (position >= inode.Size) return default;
            length = Math.Min(length, inode.Size - position);
            if (inode.Extent != 0) return new ReadOnlySpan<byte>((byte*)inode.Extent + position, (int)Math.Min(length, int.MaxValue));
            ulong page = position / PagePool.PageSize;
            int offset = (int)(position % PagePool.PageSize);
            uint id = PageOf(ref inode, page, create: false);
            byte* start = _pages.Address(id == 0 ? _zeroPage : id) + offset;
            ulong run = (ulong)(PagePool.PageSize - offset);
            byte* next = start - offset + PagePool.PageSize;
            while (run < length && id != 0)
            {
                uint nextId = PageOf(ref inode, ++page, create: false);
                if (nextId == 0 || _pages.Address(nextId) != next) break;
                run += PagePool.PageSize;
                next += PagePool.PageSize;
            }
            return new ReadOnlySpan<byte>(start, (int)Math.Min(run, length));
        }

        // The run at `position` to write at most `length` bytes into, its pages allocated; the
        // caller fills it and then calls Wrote. -ENOSPC when memory ran out, -EFBIG past MaxSize.
        // A run is at most WriteRunMax: its pages are allocated before the caller's bytes are
        // copied in, and a write from a buffer that ends early (a bad pointer and a huge count)
        // must not first take gigabytes of pages, and seconds, to give them back.
        public const ulong WriteRunMax = 1 << 20;

        public long WriteRun(ref Inode inode, ulong position, ulong length, out Span<byte> run)
        {
            run = default;
            if (position >= MaxSize) return -(long)LinuxErrno.EFBIG;
            length = Math.Min(Math.Min(length, MaxSize - position), WriteRunMax);
            if (inode.Extent != 0 && Unshare(ref inode) != 0) return -(long)LinuxErrno.ENOSPC;
            ulong page = position / PagePool.PageSize;
            int offset = (int)(position % PagePool.PageSize);
            ulong wanted = Math.Min(length, (ulong)(PagePool.PageSize - offset));
            uint id = PageOf(ref inode, page, create: true, wholePage: offset == 0 && wanted == PagePool.PageSize);
            if (id == 0) return -(long)LinuxErrno.ENOSPC;
            byte* start = _pages.Address(id) + offset;
            ulong size = wanted;
            byte* next = start - offset + PagePool.PageSize;
            while (size < length)
            {
                ulong more = Math.Min((ulong)PagePool.PageSize, length - size);
                uint nextId = PageOf(ref inode, ++page, create: true, wholePage: more == PagePool.PageSize);
                if (nextId == 0 || _pages.Address(nextId) != next) break;
                size += more;
                next += PagePool.PageSize;
            }
            run = new Span<byte>(start, (int)Math.Min(size, int.MaxValue));
            return 0;
        }

        // After a write of `count` bytes at `position`: the size grows to cover them.
        public static void Wrote(ref Inode inode, ulong position, ulong count)
        {
            if (position + count > inode.Size) inode.Size = position + count;
        }

        // The file becomes `size` bytes long: pages past it freed, the rest of its last page
        // zeroed; growing adds a hole. 0, -EFBIG, or -ENOSPC (an archive file copied out first).
        public long Truncate(ref Inode inode, ulong size)
        {
            if (size > MaxSize) return -(long)LinuxErrno.EFBIG;
            if (inode.Extent != 0)
            {
                if (size == 0) DropExtent(ref inode);
                else if (Unshare(ref inode) != 0) return -(long)LinuxErrno.ENOSPC;
            }
            ulong keep = (size + PagePool.PageSize - 1) / PagePool.PageSize;
            if (size < inode.Size)
            {
                FreePagesFrom(ref inode, keep);
                int tail = (int)(size % PagePool.PageSize);
                uint last = tail == 0 ? 0 : PageOf(ref inode, size / PagePool.PageSize, create: false);
                if (last != 0) _pages.Page(last).Slice(tail).Clear();
            }
            inode.Size = size;
            return 0;
        }

        // Every page of the inode freed (it is going away).
        public void Release(ref Inode inode)
        {
            DropExtent(ref inode);
            FreePagesFrom(ref inode, 0);
            inode.Size = 0;
        }

        // The whole file in one piece of memory, for EXEC's grant: in place when it is (an archive
        // file, or pages that happen to be consecutive), else copied once into memory of its own,
        // which the inode then reads from until its next change. False when memory ran out.
        public bool Contiguous(ref Inode inode, out ReadOnlySpan<byte> bytes)
        {
            bytes = ReadRun(ref inode, 0, inode.Size);
            if ((ulong)bytes.Length == inode.Size) return true;
            ulong mapped = (inode.Size + PagePool.PageSize - 1) & ~(ulong)(PagePool.PageSize - 1);
            ulong copy = _memory.Map(mapped);
            if (copy == 0) return false;
            for (ulong done = 0; done < inode.Size;)
            {
                ReadOnlySpan<byte> run = ReadRun(ref inode, done, inode.Size - done);
                run.CopyTo(new Span<byte>((byte*)copy + done, run.Length));
                done += (ulong)run.Length;
            }
            FreePagesFrom(ref inode, 0);
            inode.Extent = copy;
            inode.ExtentOwned = true;
            bytes = new ReadOnlySpan<byte>((byte*)copy, (int)inode.Size);
            return true;
        }

        // Data in place copied into pages of the inode's own. 0, or -ENOSPC.
        private long Unshare(ref Inode inode)
        {
            ulong extent = inode.Extent, size = inode.Size;
            bool owned = inode.ExtentOwned;
            inode.Extent = 0;
            inode.ExtentOwned = false;
            for (ulong done = 0; done < size;)
            {
                ulong page = done / PagePool.PageSize;
                int length = (int)Math.Min((ulong)PagePool.PageSize, size - done);
                uint id = PageOf(ref inode, page, create: true, wholePage: length == PagePool.PageSize);
                if (id == 0)
                {
                    FreePagesFrom(ref inode, 0);
                    inode.Extent = extent;
                    inode.ExtentOwned = owned;
                    return -(long)LinuxErrno.ENOSPC;
                }
                new ReadOnlySpan<byte>((byte*)extent + done, length).CopyTo(_pages.Page(id));
                done += (ulong)length;
            }
            if (owned) _memory.Unmap(extent, (size + PagePool.PageSize - 1) & ~(ulong)(PagePool.PageSize - 1));
            return 0;
        }

        private void DropExtent(ref Inode inode)
        {
            if (inode.Extent != 0 && inode.ExtentOwned)
                _memory.Unmap(inode.Extent, (inode.Size + PagePool.PageSize - 1) & ~(ulong)(PagePool.PageSize - 1));
            inode.Extent = 0;
            inode.ExtentOwned = false;
        }

        // The id of page `page` of the file; with `create`, allocated (and its index pages) when
        // missing, zeroed unless the caller fills it whole. 0: none, or no memory.
        private uint PageOf(ref Inode inode, ulong page, bool create, bool wholePage = false)
        {
            uint* slot = IndexSlot(ref inode, page, create);
            if (slot == null) return 0;
            if (*slot == 0 && create) *slot = _pages.Allocate(zero: !wholePage);
            return *slot;
        }

        // Where page `page`'s id is kept, in an index page; null when an index page is missing
        // (and not created).
        private uint* IndexSlot(ref Inode inode, ulong page, bool create)
        {
            if (page < IdsPerPage)
            {
                if (inode.Index == 0 && (!create || (inode.Index = _pages.Allocate(zero: true)) == 0)) return null;
                return (uint*)_pages.Address(inode.Index) + page;
            }
            page -= IdsPerPage;
            if (page >= (ulong)IdsPerPage * IdsPerPage) return null;
            if (inode.DoubleIndex == 0 && (!create || (inode.DoubleIndex = _pages.Allocate(zero: true)) == 0)) return null;
            uint* outer = (uint*)_pages.Address(inode.DoubleIndex) + page / IdsPerPage;
            if (*outer == 0 && (!create || (*outer = _pages.Allocate(zero: true)) == 0)) return null;
            return (uint*)_pages.Address(*outer) + page % IdsPerPage;
        }

        // Frees the pages from `first` on, and index pages left empty.
        private void FreePagesFrom(ref Inode inode, ulong first)
        {
            if (inode.Index != 0)
            {
                uint* ids = (uint*)_pages.Address(inode.Index);
                for (ulong page = first; page < IdsPerPage; page++)
                    if (ids[page] != 0) { _pages.Free(ids[page]); ids[page] = 0; }
                if (first == 0) { _pages.Free(inode.Index); inode.Index = 0; }
            }
            if (inode.DoubleIndex == 0) return;
            uint* outer = (uint*)_pages.Address(inode.DoubleIndex);
            ulong beyond = first > IdsPerPage ? first - IdsPerPage : 0;
            for (ulong o = beyond / IdsPerPage; o < IdsPerPage; o++)
            {
                if (outer[o] == 0) continue;
                uint* ids = (uint*)_pages.Address(outer[o]);
                ulong from = o == beyond / IdsPerPage ? beyond % IdsPerPage : 0;
                for (ulong i = from; i < IdsPerPage; i++)
                    if (ids[i] != 0) { _pages.Free(ids[i]); ids[i] = 0; }
                if (from == 0) { _pages.Free(outer[o]); outer[o] = 0; }
            }
            if (beyond == 0) { _pages.Free(inode.DoubleIndex); inode.DoubleIndex = 0; }
        }
    }
}
