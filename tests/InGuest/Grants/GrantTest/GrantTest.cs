using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.GrantTest
{
    // The grants suite (suite=grants): this program grants ranges of its own memory to the two
    // copiers (tests/InGuest/Grants/Copier), has them copy through SAFECOPY, and checks every rule of
    // Kernel/Ipc/Engine/GrantChain.cs in the booted system.
    internal static unsafe class GrantTest
    {
        private const int Me = TestEndpoints.GrantTest;
        private static byte* s_area;                 // 64 bytes the grants cover, area[i] = i at first

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            byte* area = stackalloc byte[64];
            for (int i = 0; i < 64; i++) area[i] = (byte)i;
            s_area = area;
            int failed = 0;
            Tap.Plan(10);
            failed += Tap.Check(1, "SETGRANT refuses a table too large (EINVAL) or outside the user half (EFAULT)", SetGrantChecks());
            int readable = GrantTable.GrantDirect(TestEndpoints.CopierA, area, 64, GrantFlags.Read);
            failed += Tap.Check(2, "a copier reads a grant made out to it, within bounds", ReadsWithin(readable));
            failed += Tap.Check(3, "a copier writes into a grant that allows writing", WritesInto());
            failed += Tap.Check(4, "a copy beyond the grant's end fails with EPERM", Ask(TestEndpoints.CopierA, CopierRequests.Read, Me, readable, 60, 8) == -(int)Errno.EPERM);
            failed += Tap.Check(5, "a copy without the grant's right fails with EPERM", Ask(TestEndpoints.CopierA, CopierRequests.Write, Me, readable, 0, 8) == -(int)Errno.EPERM);
            failed += Tap.Check(6, "a grant made out to another process fails with EPERM, also for its owner", SomeoneElses(readable));
            failed += Tap.Check(7, "an indirect grant lets a third process reach the owner's bytes, with no more rights", IndirectPassesOn());
            GrantTable.Revoke(readable);
            failed += Tap.Check(8, "after revocation a copy fails with EPERM", Ask(TestEndpoints.CopierA, CopierRequests.Read, Me, readable, 0, 8) == -(int)Errno.EPERM);
            failed += Tap.Check(9, "an unknown grant id fails with EINVAL, a dead owner with EDEADSRCDST", UnknownGrantOrOwner());
            failed += Tap.Check(10, "a bad request or buffer fails with EFAULT", BadPointers());
            return failed;
        }

        private static bool SetGrantChecks() =>
            Syscalls.KernelCall(KernelCalls.SetGrant, 0x100000, Grant.MaxTableEntries + 1) == -(int)Errno.EINVAL
            && Syscalls.KernelCall(KernelCalls.SetGrant, unchecked((long)0xFFFF800000000000), 4) == -(int)Errno.EFAULT;

        private static bool ReadsWithin(int grant)
        {
            CopierRequest request = Range(Me, grant, 8, 16);
            if (Ask(TestEndpoints.CopierA, CopierRequests.Read, request, out CopierReply reply) != 0) return false;
            for (int i = 0; i < 16; i++)
                if (reply.Data[i] != 8 + i) return false;
            return true;
        }

        private static bool WritesInto()
        {
            int writable = GrantTable.GrantDirect(TestEndpoints.CopierA, s_area, 64, GrantFlags.Read | GrantFlags.Write);
            const long Value = 0x1122334455667788;
            CopierRequest request = Range(Me, writable, 40, 8);
            for (int i = 0; i < 8; i++) request.Data[i] = (byte)(Value >> (8 * i));
            bool written = Ask(TestEndpoints.CopierA, CopierRequests.Write, request, out _) == 0
                           && *(long*)(s_area + 40) == Value;
            GrantTable.Revoke(writable);
            return written;
        }

        private static bool SomeoneElses(int grant)
        {
            byte* local = stackalloc byte[8];
            return Ask(TestEndpoints.CopierB, CopierRequests.Read, Me, grant, 0, 8) == -(int)Errno.EPERM
                   && Syscalls.SafeCopyFrom(Me, grant, 0, local, 8) == -(int)Errno.EPERM;
        }

        // Copier A passes bytes 16-47 of a grant to copier B, read-only; B reads bytes 20-27.
        private static bool IndirectPassesOn()
        {
            int grant = GrantTable.GrantDirect(TestEndpoints.CopierA, s_area, 64, GrantFlags.Read | GrantFlags.Write);
            CopierRequest passOn = Range(Me, grant, 16, 32);
            passOn.Grantee = TestEndpoints.CopierB;
            passOn.Rights = GrantFlags.Read;
            int passed = (int)Ask(TestEndpoints.CopierA, CopierRequests.PassOn, passOn, out _);
            bool ok = passed >= 0
                      && Ask(TestEndpoints.CopierB, CopierRequests.Read, Range(TestEndpoints.CopierA, passed, 4, 8), out CopierReply reply) == 0
                      && ((ReadOnlySpan<byte>)reply.Data).Slice(0, 8).SequenceEqual(new ReadOnlySpan<byte>(s_area + 20, 8))
                      && Ask(TestEndpoints.CopierB, CopierRequests.Write, TestEndpoints.CopierA, passed, 4, 8) == -(int)Errno.EPERM
                      && Ask(TestEndpoints.CopierB, CopierRequests.Read, TestEndpoints.CopierA, passed, 30, 8) == -(int)Errno.EPERM;
            GrantTable.Revoke(grant);
            return ok;
        }

        private static bool UnknownGrantOrOwner()
        {
            byte* local = stackalloc byte[8];
            return Ask(TestEndpoints.CopierA, CopierRequests.Read, Me, GrantTable.Entries, 0, 8) == -(int)Errno.EINVAL
                   && Syscalls.SafeCopyFrom(PongRequests.DeadSlot, 0, 0, local, 8) == -(int)Errno.EDEADSRCDST;
        }

        private static bool BadPointers()
        {
            byte* local = stackalloc byte[8];
            int own = GrantTable.GrantDirect(Me, s_area, 64, GrantFlags.Read);
            bool ok = Syscalls.KernelCall(KernelCalls.SafeCopyFrom, 0x10) == -(int)Errno.EFAULT
                      && Syscalls.SafeCopyFrom(Me, own, 0, (void*)0x10000, 8) == -(int)Errno.EFAULT
                      && Syscalls.SafeCopyFrom(Me, own, 0, (void*)0xFFFF800000001000, 8) == -(int)Errno.EFAULT
                      && Syscalls.SafeCopyFrom(Me, own, 0, local, 8) == 0 && local[7] == 7;
            GrantTable.Revoke(own);
            return ok;
        }

        // One request to a copier by SENDREC; returns the reply's Result (the kernel's result), or
        // the SENDREC's own error.
        private static long Ask(int copier, int type, in CopierRequest request, out CopierReply reply)
        {
            Message message = default;
            message.Type = type;
            message.Payload<CopierRequest>() = request;
            int status = Syscalls.SendReceive(copier, ref message);
            reply = message.Payload<CopierReply>();
            return status != 0 ? status : reply.Result;
        }

        private static long Ask(int copier, int type, int owner, int grant, ulong offset, ulong length) =>
            Ask(copier, type, Range(owner, grant, offset, length), out _);

        private static CopierRequest Range(int owner, int grant, ulong offset, ulong length) =>
            new() { Owner = owner, Grant = grant, Offset = offset, Length = length };
    }
}
