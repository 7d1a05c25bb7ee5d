using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Kernel.Time;
using Lunix.Servers.Pm;
using Xunit;

namespace Lunix.Tests.Hosted;

/// <summary>
/// PM's rules that need no table (Servers/Pm): the set*id rules and kill's permission, clone's
/// flags, reboot's arguments, resource limits, clock ids, the real-time clock's calendar and
/// the random generator's ChaCha20.
/// </summary>
public sealed class PmRulesTests
{
    private static Identity Root() => default;

    private static Identity User(uint uid) => new Identity { Ruid = uid, Euid = uid, Suid = uid, Rgid = uid, Egid = uid, Sgid = uid };

    [Fact]
    public void RootSetsEveryUidAndThenCannotGoBack()
    {
        Identity ids = Root();
        Assert.Equal((LinuxErrno)0, IdentityRules.SetUid(ref ids, 1000));
        Assert.Equal((1000u, 1000u, 1000u), (ids.Ruid, ids.Euid, ids.Suid));
        Assert.False(ids.Privileged);
        Assert.Equal(LinuxErrno.EPERM, IdentityRules.SetUid(ref ids, 0));
        Assert.Equal(LinuxErrno.EINVAL, IdentityRules.SetUid(ref ids, IdentityRules.Unchanged));
    }

    [Fact]
    public void AnUnprivilegedProcessMovesOnlyAmongTheIdsItHolds()
    {
        Identity ids = new Identity { Ruid = 1000, Euid = 0, Suid = 0 };      // a set-uid-root program
        Assert.Equal((LinuxErrno)0, IdentityRules.SetResUid(ref ids, IdentityRules.Unchanged, 1000, IdentityRules.Unchanged));
        Assert.Equal((1000u, 1000u, 0u), (ids.Ruid, ids.Euid, ids.Suid));
        Assert.Equal((LinuxErrno)0, IdentityRules.SetUid(ref ids, 0));          // back through the saved uid
        Assert.Equal(0u, ids.Euid);
        ids = User(1000);
        Assert.Equal(LinuxErrno.EPERM, IdentityRules.SetResUid(ref ids, 2000, IdentityRules.Unchanged, IdentityRules.Unchanged));
        Assert.Equal(LinuxErrno.EPERM, IdentityRules.SetReGid(ref ids, IdentityRules.Unchanged, 5));
        Assert.Equal(LinuxErrno.EPERM, IdentityRules.SetGid(ref ids, 5));
    }

    [Fact]
    public void SetreuidSetsTheSavedUidAsLinuxDoes()
    {
        Identity ids = new Identity { Ruid = 1000, Euid = 0, Suid = 0 };
        Assert.Equal((LinuxErrno)0, IdentityRules.SetReUid(ref ids, IdentityRules.Unchanged, 1000));
        Assert.Equal(0u, ids.Suid);                          // effective set to the real uid: saved kept
        ids = Root();
        Assert.Equal((LinuxErrno)0, IdentityRules.SetReUid(ref ids, 1000, 2000));
        Assert.Equal((1000u, 2000u, 2000u), (ids.Ruid, ids.Euid, ids.Suid));
    }

    [Fact]
    public void KillNeedsPrivilegeOrAMatchingUid()
    {
        Assert.True(IdentityRules.MaySignal(Root(), User(5)));
        Assert.True(IdentityRules.MaySignal(User(5), User(5)));
        Assert.False(IdentityRules.MaySignal(User(5), User(6)));
        Assert.False(IdentityRules.MaySignal(User(5), Root()));
        Assert.True(IdentityRules.MaySignal(new Identity { Ruid = 5, Euid = 7, Suid = 7 }, User(5)));
    }

    [Theory]
    [InlineData(CloneFlags.Fork, (LinuxErrno)0)]
    [InlineData(CloneFlags.VforkFlags, (LinuxErrno)0)]
    [InlineData(CloneFlags.Vm | CloneFlags.Vfork | LinuxSignals.SIGCHLD | CloneFlags.SetTls, (LinuxErrno)0)]
    [InlineData(CloneFlags.Vm | LinuxSignals.SIGCHLD, LinuxErrno.ENOSYS)]                   // a thread's memory, shared
    [InlineData(CloneFlags.Vm | CloneFlags.Sighand | CloneFlags.Thread, LinuxErrno.ENOSYS)]
    [InlineData(CloneFlags.Files | LinuxSignals.SIGCHLD, LinuxErrno.ENOSYS)]
    [InlineData(CloneFlags.Thread, LinuxErrno.EINVAL)]                                    // CLONE_THREAD without CLONE_SIGHAND
    [InlineData(CloneFlags.Sighand, LinuxErrno.EINVAL)]                                   // CLONE_SIGHAND without CLONE_VM
    [InlineData(CloneFlags.NewPid | LinuxSignals.SIGCHLD, LinuxErrno.EINVAL)]
    [InlineData(CloneFlags.Pidfd | LinuxSignals.SIGCHLD, LinuxErrno.EINVAL)]
    [InlineData(65UL, LinuxErrno.EINVAL)]                                                 // no signal 65
    [InlineData(1UL << 32, LinuxErrno.EINVAL)]
    public void CloneFlagsAreCheckedAsLinuxChecksThem(ulong flags, LinuxErrno expected) =>
        Assert.Equal(expected, CloneFlags.Check(flags, callerIsInit: false));

    [Fact]
    public void InitCannotCloneASibling() =>
        Assert.Equal(LinuxErrno.EINVAL, CloneFlags.Check(CloneFlags.Parent | LinuxSignals.SIGCHLD, callerIsInit: true));

    [Theory]
    [InlineData(RebootCommand.PowerOff, (LinuxErrno)0, RebootRequests.PowerOff)]
    [InlineData(RebootCommand.Restart, (LinuxErrno)0, RebootRequests.Restart)]
    [InlineData(RebootCommand.Restart2, (LinuxErrno)0, RebootRequests.Restart)]
    [InlineData(RebootCommand.Halt, (LinuxErrno)0, RebootRequests.Halt)]
    [InlineData(RebootCommand.CadOn, (LinuxErrno)0, RebootCommand.Nothing)]
    [InlineData(RebootCommand.CadOff, (LinuxErrno)0, RebootCommand.Nothing)]
    [InlineData(RebootCommand.Kexec, LinuxErrno.ENOSYS, RebootCommand.Nothing)]
    [InlineData(0x12345678u, LinuxErrno.EINVAL, RebootCommand.Nothing)]
    public void RebootsCommands(uint command, LinuxErrno expected, int request)
    {
        Assert.Equal(expected, RebootCommand.Decide(RebootCommand.Magic1, RebootCommand.Magic2, command, privileged: true, out int got));
        Assert.Equal(request, got);
    }

    [Fact]
    public void RebootChecksPrivilegeBeforeTheMagicNumbers()
    {
        Assert.Equal(LinuxErrno.EPERM, RebootCommand.Decide(0, 0, RebootCommand.PowerOff, privileged: false, out _));
        Assert.Equal(LinuxErrno.EINVAL, RebootCommand.Decide(RebootCommand.Magic1, 1, RebootCommand.PowerOff, privileged: true, out _));
        Assert.Equal((LinuxErrno)0, RebootCommand.Decide(unchecked((int)RebootCommand.Magic1), RebootCommand.Magic2C, RebootCommand.PowerOff, true, out _));
    }

    [Fact]
    public void ResourceLimitsAreCheckedAsDoPrlimitChecksThem()
    {
        ResourceLimit current = new ResourceLimit { Current = 64, Maximum = 128 };
        Assert.Equal(LinuxErrno.EINVAL, ResourceLimits.Check(in current, new ResourceLimit { Current = 200, Maximum = 100 }, ResourceLimits.Processes, true));
        Assert.Equal(LinuxErrno.EPERM, ResourceLimits.Check(in current, new ResourceLimit { Current = 1, Maximum = 256 }, ResourceLimits.Processes, false));
        Assert.Equal((LinuxErrno)0, ResourceLimits.Check(in current, new ResourceLimit { Current = 1, Maximum = 256 }, ResourceLimits.Processes, true));
        Assert.Equal((LinuxErrno)0, ResourceLimits.Check(in current, new ResourceLimit { Current = 8, Maximum = 16 }, ResourceLimits.Processes, false));
        Assert.Equal(LinuxErrno.EPERM, ResourceLimits.Check(in current, new ResourceLimit { Current = 8, Maximum = ResourceLimits.MaximumOpenFiles + 1 }, ResourceLimits.Files, true));
        Assert.Equal(8UL << 20, ResourceLimits.DefaultOf(ResourceLimits.Stack).Current);
        Assert.Equal((ulong)PosixProcesses.MaxProcesses, ResourceLimits.DefaultOf(ResourceLimits.Processes).Maximum);
    }

    [Theory]
    [InlineData(0L, (int)ClockKind.Realtime, 0)]
    [InlineData(1L, (int)ClockKind.Monotonic, 0)]
    [InlineData(7L, (int)ClockKind.Monotonic, 0)]
    [InlineData(2L, (int)ClockKind.CpuTime, 0)]
    [InlineData(3L, (int)ClockKind.CpuTime, 0)]
    [InlineData(10L, (int)ClockKind.Invalid, 0)]
    [InlineData(99L, (int)ClockKind.Invalid, 0)]
    [InlineData(~42L << 3 | 2, (int)ClockKind.CpuTime, 42)]      // clock_getcpuclockid(42): a process's CPU clock
    [InlineData(~42L << 3 | 3, (int)ClockKind.Invalid, 0)]
    public void ClockIdsDecodeAsLinuxsPosixClocks(long id, int kind, int pid)
    {
        Assert.Equal((ClockKind)kind, ClockIds.Decode(id, out int gotPid, out _));
        Assert.Equal(pid, gotPid);
    }

    [Fact]
    public void CoarseClocksAreMarked()
    {
        ClockIds.Decode(ClockIds.MonotonicCoarse, out _, out bool coarse);
        Assert.True(coarse);
        ClockIds.Decode(ClockIds.Monotonic, out _, out coarse);
        Assert.False(coarse);
    }

    [Theory]
    [InlineData(1970, 1, 1, 0, 0, 0, 0L)]
    [InlineData(2000, 3, 1, 0, 0, 0, 951868800L)]           // after a leap day of a century divisible by 400
    [InlineData(2026, 12, 6, 5, 1, 51, 1796533311L)]
    [InlineData(2038, 1, 19, 3, 14, 8, 2147483648L)]
    public void CalendarDatesBecomeUnixSeconds(int year, int month, int day, int hour, int minute, int second, long expected) =>
        Assert.Equal(expected, CivilTime.ToUnixSeconds(year, month, day, hour, minute, second));

    [Theory]
    [InlineData(0x12, false, true, 12)]          // BCD, 24-hour
    [InlineData(0x23, false, true, 23)]
    [InlineData(0x12, false, false, 0)]          // BCD 12 AM is midnight
    [InlineData(0x92, false, false, 12)]         // BCD 12 PM is noon
    [InlineData(0x81, false, false, 13)]         // 1 PM
    [InlineData(17, true, true, 17)]             // binary, 24-hour
    [InlineData(0x80 | 11, true, false, 23)]     // binary 11 PM
    public void TheCmosHourReadsInEveryEncoding(int register, bool binary, bool twentyFourHour, int hour) =>
        Assert.Equal(hour, CivilTime.Hour(register, binary, twentyFourHour));

    [Fact]
    public void TheGeneratorsBlockIsRfc8439sChaCha20()
    {
        // RFC 8439, 2.3.2: key 00..1f, block counter 1, nonce 00:00:00:09:00:00:00:4a:00:00:00:00.
        uint[] input =
        {
            0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, 0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c,
            0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c, 0x00000001, 0x09000000, 0x4a000000, 0x00000000,
        };
        uint[] expected =
        {
            0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3, 0xc7f4d1c7, 0x0368c033, 0x9aaa2204, 0x4e6cd4c3,
            0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9, 0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2,
        };
        var output = new uint[16];
        RandomStream.Block(input, output);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void TheGeneratorNeverRepeatsItselfAndDependsOnItsSeed()
    {
        var one = new RandomStream("seed one"u8);
        var same = new RandomStream("seed one"u8);
        var other = new RandomStream("seed two"u8);
        byte[] a = new byte[100], b = new byte[100], c = new byte[100], d = new byte[100];
        one.Fill(a);
        same.Fill(b);
        other.Fill(c);
        one.Fill(d);
        Assert.Equal(a, b);                  // deterministic from its state
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);               // the key moved on after the first request
        same.Mix(12345);
        same.Fill(b);
        Assert.NotEqual(d, b);               // stirred entropy changes what follows
    }
}
