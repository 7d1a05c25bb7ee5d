using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The grants suite's requests to a copier (tests/InGuest/Grants/Copier), by SENDREC. Each names a grant by
    // Word0 = owner endpoint, Word1 = grant id, Word2 = offset, Word3 = length; the reply's Word0
    // is the kernel's result (0 or a negated Errno), or the new grant id for PassOn.
    public static class CopierRequests
    {
        public const int Read = 0x4001;     // SAFECOPYFROM up to 48 bytes; the reply carries them from Word1 on
        public const int Write = 0x4002;    // SAFECOPYTO up to 24 bytes, taken from Word4 on
        public const int PassOn = 0x4003;   // an indirect grant of that range to Word4, with rights Word5
        public const int ReadMax = 48, WriteMax = 24;
    }
}
