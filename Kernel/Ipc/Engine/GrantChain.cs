using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // Where the grant tables come from: the kernel reads them from their owners' memory, the
    // hosted tests from arrays. Lookup fails with EDEADSRCDST for an owner that is not a live
    // process, EINVAL for an id outside the owner's registered table (or no table at all), and
    // EFAULT when the entry cannot be read.
    public interface IGrantTables
    {
        Errno Lookup(int owner, int grant, out int ownerSlot, out Grant entry);

        // A magic grant's memory: the slot of `process`, when the grant's owner (at `ownerSlot`)
        // may make grants over other processes' memory. EPERM when it may not, EDEADSRCDST for a
        // process that is not alive.
        Errno MagicTarget(int ownerSlot, int process, out int processSlot);
    }

    // The memory a checked copy may touch: in which process and where.
    public readonly struct GrantTarget
    {
        public readonly int Slot;
        public readonly ulong Address;

        public GrantTarget(int slot, ulong address)
        {
            Slot = slot;
            Address = address;
        }
    }

    // MINIX's verify_grant: may `caller` copy `length` bytes at `offset` of grant `grant` made by
    // `owner`, with `access` (Read for SAFECOPYFROM, Write for SAFECOPYTO)? Each grant on the way
    // must be valid, made out to the one using it (the caller, then each indirect grant's owner),
    // allow the access, and hold the range; an indirect grant moves the range into the grant it
    // passes on. A chain longer than Grant.MaxChain (a loop, say) is refused. Refusals are EPERM;
    // the table's own failures are Lookup's. A magic grant ends the chain in a third process's
    // memory, if its owner may make one (MagicTarget). The tables are passed by reference, so that what a
    // failed Lookup remembers (ProcessGrantTables: the entry it could not read) reaches the caller.
    public static class GrantChain
    {
        public static Errno Resolve<TTables>(ref TTables tables, int caller, int owner, int grant, ulong offset, ulong length, GrantFlags access, out GrantTarget target)
            where TTables : IGrantTables
        {
            target = default;
            int user = caller;
            for (int step = 0; step < Grant.MaxChain; step++)
            {
                Errno found = tables.Lookup(owner, grant, out int ownerSlot, out Grant entry);
                if (found != Errno.Ok) return found;
                if ((entry.Flags & GrantFlags.Valid) == 0) return Errno.EPERM;                 // revoked, or never made
                if (entry.Grantee != user && entry.Grantee != Endpoint.Any) return Errno.EPERM;
                if ((entry.Flags & access) != access) return Errno.EPERM;
                if (offset > entry.Length || length > entry.Length - offset) return Errno.EPERM;
                ulong start = entry.Address + offset;
                if (start < entry.Address) return Errno.EPERM;                                  // wraps
                if ((entry.Flags & GrantFlags.Indirect) == 0)
                {
                    if (start + length < start) return Errno.EPERM;
                    int memorySlot = ownerSlot;
                    if ((entry.Flags & GrantFlags.Magic) != 0)
                    {
                        Errno magic = tables.MagicTarget(ownerSlot, entry.SourceOwner, out memorySlot);
                        if (magic != Errno.Ok) return magic;
                    }
                    target = new GrantTarget(memorySlot, start);
                    return Errno.Ok;
                }
                // The owner passes on part of a grant made out to it.
                user = owner;
                owner = entry.SourceOwner;
                grant = entry.SourceGrant;
                offset = start;
            }
            return Errno.EPERM;
        }
    }
}
