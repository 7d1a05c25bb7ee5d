using System;
using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // Another process's memory, reached through its page tables and the direct map rather than
    // by loading its address space: delivering a message to a blocked receiver, or reading a
    // SENDA table, happens while some other process's tables are loaded. Only user pages count;
    // a write to a copy-on-write page resolves it first. Returns false on any unmapped page.
    public static unsafe class ProcessMemory
    {
        private const ulong PageSize = FrameAllocator.FrameSize;

        public static bool Read(int slot, ulong address, Span<byte> destination)
        {
            for (int done = 0; done < destination.Length;)
            {
                ulong at = address + (ulong)done;
                if (!TryMap(slot, at, write: false, out byte* bytes)) return false;
                int chunk = (int)Math.Min((ulong)(destination.Length - done), PageSize - (at & (PageSize - 1)));
                new ReadOnlySpan<byte>(bytes, chunk).CopyTo(destination.Slice(done));
                done += chunk;
            }
            return true;
        }

        public static bool Write(int slot, ulong address, ReadOnlySpan<byte> source)
        {
            for (int done = 0; done < source.Length;)
            {
                ulong at = address + (ulong)done;
                if (!TryMap(slot, at, write: true, out byte* bytes)) return false;
                int chunk = (int)Math.Min((ulong)(source.Length - done), PageSize - (at & (PageSize - 1)));
                source.Slice(done, chunk).CopyTo(new Span<byte>(bytes, chunk));
                done += chunk;
            }
            return true;
        }

        // Where `address` of `slot`'s memory is in the direct map, up to the end of its page: a
        // user page, and for writing a writable one (a copy-on-write page is resolved first).
        // SAFECOPY copies between that and the caller's own buffer with no bounce buffer.
        public static bool TryMap(int slot, ulong address, bool write, out byte* bytes) =>
            TryMap(ref ProcessTable.Slot(slot).Space, address, write, out bytes);

        // The usual 4 KiB page straight from the tables, anything else through Query.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryMap(ref AddressSpace space, ulong address, bool write, out byte* bytes)
        {
            bytes = address < UserAccess.UserLimit ? space.SmallUserPageBytes(address, write) : null;
            return bytes != null || TryMapByQuery(ref space, address, write, out bytes);
        }

        private static bool TryMapByQuery(ref AddressSpace space, ulong address, bool write, out byte* bytes)
        {
            bytes = null;
            if (address >= UserAccess.UserLimit || !space.Query(address, out PageMapping mapping) || (mapping.Attributes & PageAttributes.User) == 0)
                return false;
            if (write && (mapping.Attributes & PageAttributes.Writable) == 0
                && (space.ResolveCopyOnWrite(address) != PagingResult.Ok || !space.Query(address, out mapping)))
                return false;
            bytes = KernelAddressSpace.Context.Window.Bytes(mapping.Translate(address));
            return true;
        }

        // `length` bytes between the calling process's own memory and another's: the caller's
        // tables are the loaded ones, so its side is copied where it is by the user-copy routine
        // (which stops at a fault) and only the other side is walked. False at the first page
        // either side lacks or refuses; the caller then takes Copy's way, whose walks resolve
        // copy-on-write pages and find what VM must back.
        public static bool CopyWithCaller(ulong callerAddress, ref AddressSpace other, ulong otherAddress, ulong length, bool toCaller)
        {
            if (callerAddress >= UserAccess.UserLimit || length > UserAccess.UserLimit - callerAddress) return false;
            for (ulong done = 0; done < length;)
            {
                ulong at = otherAddress + done;
                if (!TryMap(ref other, at, write: !toCaller, out byte* bytes)) return false;
                ulong chunk = Math.Min(length - done, PageSize - (at & (PageSize - 1)));
                void* own = (void*)(callerAddress + done);
                if ((toCaller ? UserAccess.Copy(own, bytes, chunk) : UserAccess.Copy(bytes, own, chunk)) != 0) return false;
                done += chunk;
            }
            return true;
        }

        // `length` bytes from one address space to another, page by page through the direct map
        // (no bounce buffer): EXEC's segments and stack, VIRCOPY. The destination's
        // copy-on-write pages are resolved first. False on any page that is not a user page of
        // its space (a write to a read-only, not copy-on-write page included).
        public static bool Copy(ref AddressSpace from, ulong fromAddress, ref AddressSpace to, ulong toAddress, ulong length)
        {
            // A side whose page the last chunk did not finish goes on in it without a second
            // walk (a 4 KiB copy between buffers of different alignment is two chunks).
            byte* reading = null, writing = null;
            for (ulong done = 0; done < length;)
            {
                ulong source = fromAddress + done, destination = toAddress + done;
                if ((reading == null && !TryMap(ref from, source, write: false, out reading))
                    || (writing == null && !TryMap(ref to, destination, write: true, out writing)))
                    return false;
                ulong sourceLeft = PageSize - (source & (PageSize - 1)), destinationLeft = PageSize - (destination & (PageSize - 1));
                ulong chunk = Math.Min(length - done, Math.Min(sourceLeft, destinationLeft));
                new ReadOnlySpan<byte>(reading, (int)chunk).CopyTo(new Span<byte>(writing, (int)chunk));
                done += chunk;
                reading = chunk == sourceLeft ? null : reading + chunk;
                writing = chunk == destinationLeft ? null : writing + chunk;
            }
            return true;
        }
    }
}
