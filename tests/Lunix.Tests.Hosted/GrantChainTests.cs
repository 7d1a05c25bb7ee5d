using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // GrantChain, the kernel's check of every SAFECOPY, over grant tables held in arrays.
    public class GrantChainTests
    {
        // Endpoints double as slots here, as at boot (generation 0).
        private const int Owner = 3, Driver = 4, Other = 5, Third = 6;
        private const ulong Buffer = 0x10000;

        private sealed class Tables : IGrantTables
        {
            private readonly Dictionary<int, Grant[]> _tables = new();

            public Grant[] Of(int owner) => _tables.TryGetValue(owner, out var t) ? t : _tables[owner] = new Grant[8];

            public Errno Lookup(int owner, int grant, out int ownerSlot, out Grant entry)
            {
                ownerSlot = owner;
                entry = default;
                if (owner == Third + 10) return Errno.EDEADSRCDST;
                if (!_tables.TryGetValue(owner, out var table) || (uint)grant >= (uint)table.Length) return Errno.EINVAL;
                entry = table[grant];
                return Errno.Ok;
            }

            // Who may make magic grants (the kernel: whoever may VIRCOPY).
            public readonly HashSet<int> Trusted = new();

            public Errno MagicTarget(int ownerSlot, int process, out int processSlot)
            {
                processSlot = process;
                if (!Trusted.Contains(ownerSlot)) return Errno.EPERM;
                return process == Third + 10 ? Errno.EDEADSRCDST : Errno.Ok;
            }
        }

        private static Grant Magic(int grantee, int process, ulong address, ulong length, GrantFlags rights) =>
            new() { Flags = GrantFlags.Valid | GrantFlags.Magic | rights, Grantee = grantee, Address = address, Length = length, SourceOwner = process };

        private static Grant Direct(int grantee, ulong address, ulong length, GrantFlags rights) =>
            new() { Flags = GrantFlags.Valid | rights, Grantee = grantee, Address = address, Length = length };

        private static Grant Indirect(int grantee, int sourceOwner, int sourceGrant, ulong offset, ulong length, GrantFlags rights) =>
            new() { Flags = GrantFlags.Valid | GrantFlags.Indirect | rights, Grantee = grantee, Address = offset, Length = length, SourceOwner = sourceOwner, SourceGrant = sourceGrant };

        private static Errno Check(Tables t, int caller, int owner, int grant, ulong offset, ulong length, GrantFlags access, out GrantTarget target) =>
            GrantChain.Resolve(ref t, caller, owner, grant, offset, length, access, out target);

        [Fact]
        public void A_copy_inside_a_direct_grant_resolves_to_the_owners_memory()
        {
            var t = new Tables();
            t.Of(Owner)[2] = Direct(Driver, Buffer, 100, GrantFlags.Read | GrantFlags.Write);
            Assert.Equal(Errno.Ok, Check(t, Driver, Owner, 2, 10, 90, GrantFlags.Read, out var target));
            Assert.Equal(Owner, target.Slot);
            Assert.Equal(Buffer + 10, target.Address);
            Assert.Equal(Errno.Ok, Check(t, Driver, Owner, 2, 100, 0, GrantFlags.Write, out _));
        }

        [Theory]
        [InlineData(0UL, 101UL)]
        [InlineData(101UL, 0UL)]
        [InlineData(50UL, 51UL)]
        [InlineData(1UL, ulong.MaxValue)]
        [InlineData(ulong.MaxValue, 2UL)]
        public void A_copy_beyond_the_grant_is_refused(ulong offset, ulong length)
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 100, GrantFlags.Read | GrantFlags.Write);
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 0, offset, length, GrantFlags.Read, out _));
        }

        [Fact]
        public void A_copy_needs_the_grants_right_for_its_direction()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 100, GrantFlags.Read);
            t.Of(Owner)[1] = Direct(Driver, Buffer, 100, GrantFlags.Write);
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 0, 0, 10, GrantFlags.Write, out _));
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 1, 0, 10, GrantFlags.Read, out _));
            Assert.Equal(Errno.Ok, Check(t, Driver, Owner, 1, 0, 10, GrantFlags.Write, out _));
        }

        [Fact]
        public void A_revoked_grant_refuses_every_later_copy()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 100, GrantFlags.Read);
            Assert.Equal(Errno.Ok, Check(t, Driver, Owner, 0, 0, 10, GrantFlags.Read, out _));
            t.Of(Owner)[0].Flags &= ~GrantFlags.Valid;
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 0, 0, 10, GrantFlags.Read, out _));
        }

        [Fact]
        public void Only_the_grantee_may_use_a_grant_and_any_process_one_made_out_to_Any()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 100, GrantFlags.Read);
            t.Of(Owner)[1] = Direct(Endpoint.Any, Buffer, 100, GrantFlags.Read);
            Assert.Equal(Errno.EPERM, Check(t, Other, Owner, 0, 0, 10, GrantFlags.Read, out _));
            Assert.Equal(Errno.EPERM, Check(t, Owner, Owner, 0, 0, 10, GrantFlags.Read, out _));
            Assert.Equal(Errno.Ok, Check(t, Other, Owner, 1, 0, 10, GrantFlags.Read, out _));
        }

        [Fact]
        public void The_tables_own_failures_come_back_unchanged()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 100, GrantFlags.Read);
            Assert.Equal(Errno.EINVAL, Check(t, Driver, Owner, 8, 0, 10, GrantFlags.Read, out _));
            Assert.Equal(Errno.EINVAL, Check(t, Driver, Other, 0, 0, 10, GrantFlags.Read, out _));
            Assert.Equal(Errno.EDEADSRCDST, Check(t, Driver, Third + 10, 0, 0, 10, GrantFlags.Read, out _));
        }

        [Fact]
        public void An_indirect_grant_reaches_the_original_owners_memory_at_the_combined_offset()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 100, GrantFlags.Read | GrantFlags.Write);
            t.Of(Driver)[3] = Indirect(Other, Owner, 0, 20, 50, GrantFlags.Read | GrantFlags.Write);
            Assert.Equal(Errno.Ok, Check(t, Other, Driver, 3, 5, 45, GrantFlags.Write, out var target));
            Assert.Equal(Owner, target.Slot);
            Assert.Equal(Buffer + 25, target.Address);
            Assert.Equal(Errno.EPERM, Check(t, Other, Driver, 3, 5, 46, GrantFlags.Write, out _));   // beyond the indirect range
        }

        [Fact]
        public void An_indirect_grant_gives_no_more_than_the_grant_it_passes_on()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Driver, Buffer, 30, GrantFlags.Read);
            t.Of(Driver)[0] = Indirect(Other, Owner, 0, 0, 30, GrantFlags.Read | GrantFlags.Write);
            t.Of(Driver)[1] = Indirect(Other, Owner, 0, 20, 50, GrantFlags.Read);
            Assert.Equal(Errno.EPERM, Check(t, Other, Driver, 0, 0, 10, GrantFlags.Write, out _));  // the source is read-only
            Assert.Equal(Errno.Ok, Check(t, Other, Driver, 0, 0, 30, GrantFlags.Read, out _));
            Assert.Equal(Errno.EPERM, Check(t, Other, Driver, 1, 0, 20, GrantFlags.Read, out _));  // past the source's 30 bytes
        }

        [Fact]
        public void An_indirect_grant_of_a_grant_made_out_to_someone_else_is_refused()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Direct(Third, Buffer, 100, GrantFlags.Read);
            t.Of(Driver)[0] = Indirect(Other, Owner, 0, 0, 10, GrantFlags.Read);     // Driver passes on Third's grant
            Assert.Equal(Errno.EPERM, Check(t, Other, Driver, 0, 0, 10, GrantFlags.Read, out _));
        }

        [Fact]
        public void A_chain_of_MaxChain_grants_works_and_one_more_or_a_loop_is_refused()
        {
            var t = new Tables();
            // Process 10 owns the memory; 11, 12, ... each pass on the previous one's grant.
            t.Of(10)[0] = Direct(11, Buffer, 100, GrantFlags.Read);
            for (int p = 11; p < 10 + Grant.MaxChain + 1; p++)
                t.Of(p)[0] = Indirect(p + 1, p - 1, 0, 1, 90, GrantFlags.Read);
            int last = 10 + Grant.MaxChain - 1;            // owns the MaxChain-th grant of the chain
            Assert.Equal(Errno.Ok, Check(t, last + 1, last, 0, 0, 10, GrantFlags.Read, out var target));
            Assert.Equal(Buffer + (ulong)(Grant.MaxChain - 1), target.Address);
            Assert.Equal(Errno.EPERM, Check(t, last + 2, last + 1, 0, 0, 10, GrantFlags.Read, out _));

            t.Of(Other)[0] = Indirect(Other, Other, 0, 0, 10, GrantFlags.Read);     // passes on itself
            Assert.Equal(Errno.EPERM, Check(t, Other, Other, 0, 0, 10, GrantFlags.Read, out _));
        }
    
        [Fact]
        public void A_magic_grant_of_a_trusted_owner_resolves_to_the_third_process_memory()
        {
            var t = new Tables();
            t.Trusted.Add(Owner);
            t.Of(Owner)[1] = Magic(Driver, Other, Buffer, 64, GrantFlags.Write);
            Assert.Equal(Errno.Ok, Check(t, Driver, Owner, 1, 8, 56, GrantFlags.Write, out var target));
            Assert.Equal(Other, target.Slot);
            Assert.Equal(Buffer + 8, target.Address);
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 1, 0, 8, GrantFlags.Read, out _));      // not given
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 1, 8, 57, GrantFlags.Write, out _));    // past its end
            Assert.Equal(Errno.EPERM, Check(t, Third, Owner, 1, 0, 8, GrantFlags.Write, out _));      // made out to Driver
        }

        [Fact]
        public void A_magic_grant_of_an_untrusted_owner_or_over_a_dead_process_is_refused()
        {
            var t = new Tables();
            t.Of(Owner)[0] = Magic(Driver, Other, Buffer, 64, GrantFlags.Read);
            Assert.Equal(Errno.EPERM, Check(t, Driver, Owner, 0, 0, 8, GrantFlags.Read, out _));
            t.Trusted.Add(Owner);
            t.Of(Owner)[1] = Magic(Driver, Third + 10, Buffer, 64, GrantFlags.Read);
            Assert.Equal(Errno.EDEADSRCDST, Check(t, Driver, Owner, 1, 0, 8, GrantFlags.Read, out _));
        }

        [Fact]
        public void A_magic_grant_passed_on_indirectly_still_reaches_the_third_process()
        {
            var t = new Tables();
            t.Trusted.Add(Owner);
            t.Of(Owner)[0] = Magic(Driver, Other, Buffer, 100, GrantFlags.Read);
            t.Of(Driver)[0] = Indirect(Third, Owner, 0, 50, 50, GrantFlags.Read);
            Assert.Equal(Errno.Ok, Check(t, Third, Driver, 0, 10, 40, GrantFlags.Read, out var target));
            Assert.Equal(Other, target.Slot);
            Assert.Equal(Buffer + 60, target.Address);
        }
    }
}
