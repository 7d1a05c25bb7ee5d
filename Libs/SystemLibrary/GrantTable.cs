using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // The program's own grant table (MINIX's cpf_grant_* library): it gives another process the
    // right to copy to or from a range of this program's memory through SAFECOPY, or passes on a
    // part of a grant it was given (an indirect grant). The table is registered with the kernel
    // (SETGRANT) on first use; the kernel reads it at every copy, so Revoke takes effect at once.
    // Results are a grant id, or a negated Errno.
    public static unsafe class GrantTable
    {
        public const int Entries = 32;
        // Lunix's heaps never move an object, so the table's address stays what SETGRANT was given.
        private static readonly Grant[] s_entries = new Grant[Entries];
        private static bool s_registered;

        public static int GrantDirect(int grantee, void* address, ulong length, GrantFlags access) =>
            Add(new Grant { Flags = GrantFlags.Valid | access, Grantee = grantee, Address = (ulong)address, Length = length });

        // `memory` for the grantee to read (GrantedSlice<Readable>), or to write; it must stay
        // where it is until the grant is revoked.
        public static int GrantReadable(int grantee, ReadOnlySpan<byte> memory) =>
            GrantDirect(grantee, Unsafe.AsPointer(ref MemoryMarshal.GetReference(memory)), (ulong)memory.Length, GrantFlags.Read);

        public static int GrantWritable(int grantee, Span<byte> memory) =>
            GrantDirect(grantee, Unsafe.AsPointer(ref MemoryMarshal.GetReference(memory)), (ulong)memory.Length, GrantFlags.Write);

        // Both ways: an ioctl's argument, which the driver reads and writes.
        public static int GrantReadWritable(int grantee, Span<byte> memory) =>
            GrantDirect(grantee, Unsafe.AsPointer(ref MemoryMarshal.GetReference(memory)), (ulong)memory.Length, GrantFlags.Read | GrantFlags.Write);

        public static int GrantIndirect(int grantee, int sourceOwner, int sourceGrant, ulong offset, ulong length, GrantFlags access) =>
            Add(new Grant { Flags = GrantFlags.Valid | GrantFlags.Indirect | access, Grantee = grantee, Address = offset, Length = length,
                            SourceOwner = sourceOwner, SourceGrant = sourceGrant });

        public static void Revoke(int id)
        {
            if ((uint)id < Entries) s_entries[id].Flags = 0;
        }

        // Registers this table with the kernel (SETGRANT), again after the program had another
        // one registered for a while (MINIX's cpf_reload). 0 or a negated Errno.
        public static int Reload()
        {
            long registered;
            fixed (Grant* table = s_entries) registered = Syscalls.KernelCall(KernelCalls.SetGrant, (long)table, Entries);
            s_registered = registered == 0;
            return (int)registered;
        }

        private static int Add(Grant grant)
        {
            if (!s_registered)
            {
                int registered = Reload();
                if (registered != 0) return registered;
            }
            for (int id = 0; id < Entries; id++)
            {
                if ((s_entries[id].Flags & GrantFlags.Valid) != 0) continue;
                s_entries[id] = grant;
                return id;
            }
            return -(int)Errno.ENOMEM;
        }
    }
}
