using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The grants suite's requests to a copier (tests/InGuest/Grants/Copier), by SENDREC, each a
    // CopierRequest naming a range of a grant; the reply (type + 1) is a CopierReply whose Result
    // is the kernel's (0 or a negated Errno), or the new grant id for PassOn.
    public static class CopierRequests
    {
        public const int Read = 0x4001;     // SAFECOPYFROM up to ReadMax bytes into the reply's Data
        public const int Write = 0x4002;    // SAFECOPYTO up to WriteMax bytes from the request's Data
        public const int PassOn = 0x4003;   // an indirect grant of the range to Grantee, with Rights
        public const int ReadMax = 48, WriteMax = 24;
    }

    public struct CopierRequest : IMessagePayload
    {
        public int Owner;                   // the grant's owner
        public int Grant;
        public ulong Offset;                // the range in the grant
        public ulong Length;
        public CopierWriteData Data;        // Write: the bytes
        public int Grantee;                 // PassOn
        public GrantFlags Rights;           // PassOn
    }

    public struct CopierReply : IMessagePayload
    {
        public long Result;
        public CopierReadData Data;         // Read: the bytes
    }

    [InlineArray(CopierRequests.WriteMax)]
    public struct CopierWriteData
    {
        private byte _first;
    }

    [InlineArray(CopierRequests.ReadMax)]
    public struct CopierReadData
    {
        private byte _first;
    }
}
