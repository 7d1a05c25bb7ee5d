using Lunix.Abi;

namespace Lunix.Servers.Vm
{
    public sealed partial class PosixMemory
    {
        // brk (Linux's semantics: it never fails, it answers the break as it now is). The area
        // starts at the record's HeapStart, the page after the program's highest segment, where
        // EXEC left the break. brk(0), or anything below the start, answers the current break.
        // Growing adds demand-zero writable memory up to the new break's page, if nothing lies
        // there or in the page above (another mapping, the stack's reserve: Linux keeps that page
        // free too); shrinking takes the pages above the new break's page away, so memory given
        // back reads zero when the break grows again. A request that cannot be met answers the
        // old break.
        private long Brk(int caller, ulong requested)
        {
            if (regions.Open(caller, out int entry) != 0) return 0;
            ref VmRecordHeader header = ref regions.Header(entry);
            ulong current = header.Break;
            if (header.HeapStart == 0 || requested < header.HeapStart || requested > UserEnd - PageSize) return (long)current;
            ulong oldEnd = PageUp(current), newEnd = PageUp(requested);
            if (newEnd > oldEnd)
            {
                if (!regions.IsFree(entry, oldEnd, newEnd + PageSize)) return (long)current;
                var grown = new VmRegion { Start = oldEnd, Length = newEnd - oldEnd, Protection = VmProtection.Writable, Giver = Endpoint.None };
                if (regions.Insert(entry, in grown) != 0)
                {
                    regions.Forget(entry);
                    return (long)current;
                }
            }
            else if (newEnd < oldEnd && regions.Clear(entry, newEnd, oldEnd) != 0)
            {
                regions.Forget(entry);
                return (long)current;
            }
            regions.Header(entry).Break = requested;
            if (regions.Save(entry) != 0)
            {
                regions.Forget(entry);
                return (long)current;
            }
            if (newEnd < oldEnd) pages.Unmap(caller, newEnd, oldEnd - newEnd);
            return (long)requested;
        }
    }
}
