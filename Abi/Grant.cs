using System;
using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // A memory grant (MINIX's cp_grant_t): an entry in its owner's grant table, which the owner
    // registers with SETGRANT. It lets the process named in Grantee copy to or from a range of
    // the owner's memory with SAFECOPYFROM / SAFECOPYTO. An indirect grant passes on a part of a
    // grant its owner was given itself. A magic grant (MINIX's cpf_grant_magic) is over the
    // memory of a third process, SourceOwner, at Address: VFS makes one over a program's buffer
    // so that a file system or driver copies straight to or from it, data moving once. Only an
    // owner that may already copy any process's memory (its calls allow VIRCOPY) may make one.
    // The kernel reads the table at every copy, so clearing Valid revokes a grant at once.
    [StructLayout(LayoutKind.Sequential)]
    public struct Grant
    {
        public const int Size = 32;
        public const int MaxTableEntries = 1024;
        public const int MaxChain = 5;          // grants followed for one copy, the first included

        public GrantFlags Flags;
        public int Grantee;                     // the endpoint that may use it, or Endpoint.Any
        public ulong Address;                   // direct: start in the owner's memory; indirect: offset into the grant passed on
        public ulong Length;
        public int SourceOwner;                 // indirect: the endpoint that made the grant passed on; magic: whose memory
        public int SourceGrant;                 // indirect: its grant id in that owner's table
    }

    [Flags]
    public enum GrantFlags : uint
    {
        Valid = 1,
        Read = 2,                               // the grantee may copy from the range
        Write = 4,                              // the grantee may copy to the range
        Indirect = 8,
        Magic = 16,                             // direct, over SourceOwner's memory rather than the owner's
    }

    // The argument of SAFECOPYFROM and SAFECOPYTO, in the caller's memory: whose grant (owner and
    // id), which part of it, and the caller's own buffer. There is no grantee field: the grantee
    // is always the caller, so nobody can use a grant made out to somebody else (the confused
    // deputy MINIX closed in 2011).
    [StructLayout(LayoutKind.Sequential)]
    public struct SafeCopyRequest
    {
        public const int Size = 32;

        public int Owner;
        public int Grant;
        public ulong Offset;
        public ulong Buffer;
        public ulong Length;
    }
}
