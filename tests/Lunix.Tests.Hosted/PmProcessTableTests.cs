using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Servers.Pm;
using Xunit;

namespace Lunix.Tests.Hosted;

/// <summary>
/// PM's process table and the rules over it (Servers/Pm: PosixProcesses, WaitRules,
/// ProcessGroups), compiled from the files PM runs. The table is PM's static state, so these
/// tests share one collection and each starts from an empty table.
/// </summary>
[Collection(PmTables.Name)]
public sealed class PmProcessTableTests
{
    public PmProcessTableTests() => PmTables.Empty();

    [Fact]
    public void PidsAreNewAndEndpointsFindTheirLiveProcess()
    {
        int first = PmTables.Spawn(slot: 40, parentPid: 0);
        int second = PmTables.Spawn(slot: 41, parentPid: PosixProcesses.At(first).Pid);
        Assert.NotEqual(PosixProcesses.At(first).Pid, PosixProcesses.At(second).Pid);
        Assert.Equal(first, PosixProcesses.OfEndpoint(Endpoint.Make(1, 40)));
        Assert.Equal(second, PosixProcesses.OfPid(PosixProcesses.At(second).Pid));
        Assert.Equal(PosixProcesses.None, PosixProcesses.OfEndpoint(Endpoint.Make(2, 40)));   // an older generation's endpoint
        Assert.Equal(2, PosixProcesses.LiveCount());
    }

    [Fact]
    public void AZombieKeepsItsPidButNotItsSlot()
    {
        int record = PmTables.Spawn(slot: 50, parentPid: 0);
        int pid = PosixProcesses.At(record).Pid;
        PosixProcesses.BecomeZombie(record);
        Assert.Equal(PosixProcesses.None, PosixProcesses.OfEndpoint(Endpoint.Make(1, 50)));
        Assert.Equal(record, PosixProcesses.OfPid(pid));
        int next = PmTables.Spawn(slot: 50, parentPid: 0);             // the kernel gave the slot to another
        Assert.NotEqual(record, next);
        Assert.NotEqual(pid, PosixProcesses.At(next).Pid);
        PosixProcesses.Release(record);
        Assert.Equal(PosixProcesses.None, PosixProcesses.OfPid(pid));
        Assert.Equal(next, PosixProcesses.OfEndpoint(Endpoint.Make(1, 50)));
    }

    [Fact]
    public void APidStillUsedAsAGroupOrSessionIsNotGivenAgain()
    {
        int leader = PmTables.Spawn(slot: 60, parentPid: 0);
        int group = PosixProcesses.At(leader).Pid;
        int member = PmTables.Spawn(slot: 61, parentPid: group);
        PosixProcesses.At(member).ProcessGroup = group;
        PosixProcesses.Release(leader);
        for (int i = 0; i < PosixProcesses.PidMax; i++)
        {
            int record = PmTables.Spawn(slot: 62, parentPid: 0);
            Assert.NotEqual(group, PosixProcesses.At(record).Pid);
            PosixProcesses.Release(record);
        }
    }

    // Walks stop at the highest record in use, and a record freed below it is found again.
    [Fact]
    public void TheWalkedRecordsEndAtTheHighestInUse()
    {
        int first = PmTables.Spawn(slot: 20, parentPid: 0);
        int second = PmTables.Spawn(slot: 21, parentPid: 0);
        int third = PmTables.Spawn(slot: 22, parentPid: 0);
        Assert.Equal(third + 1, PosixProcesses.Count);
        PosixProcesses.Release(second);
        Assert.Equal(third + 1, PosixProcesses.Count);
        PosixProcesses.BecomeZombie(third);
        Assert.Equal(third + 1, PosixProcesses.Count);
        Assert.Equal(third, PosixProcesses.OfPid(PosixProcesses.At(third).Pid));
        PosixProcesses.Release(third);
        Assert.Equal(first + 1, PosixProcesses.Count);
        Assert.Equal(second, PmTables.Spawn(slot: 23, parentPid: 0));
        Assert.Equal(second + 1, PosixProcesses.Count);
    }

    [Fact]
    public void TheTableFillsAndCountsEachUsersProcesses()
    {
        for (int i = 0; i < PosixProcesses.MaxProcesses; i++) Assert.NotEqual(PosixProcesses.None, PmTables.Spawn(slot: i, parentPid: 0, uid: (uint)(i % 2)));
        Assert.False(PosixProcesses.HasFreeRecord());
        Assert.Equal(PosixProcesses.None, PosixProcesses.Add(Endpoint.Make(1, 5)));
        Assert.Equal(PosixProcesses.MaxProcesses / 2, PosixProcesses.CountOfUser(1));
    }

    [Fact]
    public void Wait4SelectsAnyChildAPidOrAGroup()
    {
        int parent = PmTables.Spawn(slot: 10, parentPid: 0);
        int parentPid = PosixProcesses.At(parent).Pid;
        int a = PmTables.Spawn(slot: 11, parentPid: parentPid);
        int b = PmTables.Spawn(slot: 12, parentPid: parentPid);
        PosixProcesses.At(b).ProcessGroup = 777;
        ref PosixProcess childA = ref PosixProcesses.At(a);
        ref PosixProcess childB = ref PosixProcesses.At(b);

        WaitRequest any = WaitRules.ForWait4(-1, 0, callerGroup: 5);
        Assert.True(WaitRules.Selects(in any, in childA) && WaitRules.Selects(in any, in childB));
        WaitRequest byPid = WaitRules.ForWait4(childB.Pid, 0, callerGroup: 5);
        Assert.False(WaitRules.Selects(in byPid, in childA));
        Assert.True(WaitRules.Selects(in byPid, in childB));
        WaitRequest byGroup = WaitRules.ForWait4(-777, 0, callerGroup: 5);
        Assert.True(WaitRules.Selects(in byGroup, in childB));
        Assert.False(WaitRules.Selects(in byGroup, in childA));
        WaitRequest ownGroup = WaitRules.ForWait4(0, 0, callerGroup: 777);
        Assert.Equal(WaitSelector.Group, ownGroup.Selector);
        Assert.Equal(777, ownGroup.Id);

        // Nothing to report while both run; then the zombie is found.
        Assert.Equal(PosixProcesses.None, WaitRules.Find(parentPid, in any, out WaitEvent none, out bool anySelected));
        Assert.True(anySelected);
        Assert.Equal(WaitEvent.None, none);
        childA.Status = 3 << 8;
        PosixProcesses.BecomeZombie(a);
        Assert.Equal(a, WaitRules.Find(parentPid, in any, out WaitEvent what, out _));
        Assert.Equal(WaitEvent.Exited, what);
        Assert.Equal(3 << 8, WaitRules.StatusOf(what, in childA));
        // Another parent has nothing to wait for: ECHILD.
        WaitRules.Find(parentPid + 1000, in any, out _, out bool others);
        Assert.False(others);
    }

    [Fact]
    public void CloneChildrenAreWaitedForOnlyWithWallOrWclone()
    {
        int parent = PmTables.Spawn(slot: 20, parentPid: 0);
        int child = PmTables.Spawn(slot: 21, parentPid: PosixProcesses.At(parent).Pid);
        PosixProcesses.At(child).ExitSignal = LinuxSignals.SIGUSR1;
        Assert.False(WaitRules.Selects(WaitRules.ForWait4(-1, 0, 0), in PosixProcesses.At(child)));
        Assert.True(WaitRules.Selects(WaitRules.ForWait4(-1, WaitRules.WCLONE, 0), in PosixProcesses.At(child)));
        Assert.True(WaitRules.Selects(WaitRules.ForWait4(-1, WaitRules.WALL, 0), in PosixProcesses.At(child)));
    }

    [Fact]
    public void StopsAndContinuesAreReportedOnlyWhenAskedFor()
    {
        int parent = PmTables.Spawn(slot: 30, parentPid: 0);
        int record = PmTables.Spawn(slot: 31, parentPid: PosixProcesses.At(parent).Pid);
        ref PosixProcess child = ref PosixProcesses.At(record);
        child.JobStopped = true;
        child.StopSignal = LinuxSignals.SIGTSTP;
        child.Report = ChildReport.Stopped;
        Assert.Equal(WaitEvent.None, WaitRules.EventOf(WaitRules.ForWait4(-1, 0, 0), in child));
        WaitRequest untraced = WaitRules.ForWait4(-1, WaitRules.WUNTRACED, 0);
        Assert.Equal(WaitEvent.Stopped, WaitRules.EventOf(in untraced, in child));
        Assert.Equal((LinuxSignals.SIGTSTP << 8) | 0x7F, WaitRules.StatusOf(WaitEvent.Stopped, in child));
        WaitRules.InfoOf(WaitEvent.Stopped, in child, out int code, out int status);
        Assert.Equal((LinuxSignals.CLD_STOPPED, LinuxSignals.SIGTSTP), (code, status));

        child.JobStopped = false;
        child.Report = ChildReport.Continued;
        Assert.Equal(WaitEvent.None, WaitRules.EventOf(in untraced, in child));
        WaitRequest continued = WaitRules.ForWait4(-1, WaitRules.WCONTINUED, 0);
        Assert.Equal(WaitEvent.Continued, WaitRules.EventOf(in continued, in child));
        Assert.Equal(0xFFFF, WaitRules.StatusOf(WaitEvent.Continued, in child));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(WaitRules.WNOHANG | WaitRules.WUNTRACED | WaitRules.WCONTINUED, true)]
    [InlineData(WaitRules.WALL | WaitRules.WCLONE | WaitRules.WNOTHREAD, true)]
    [InlineData(WaitRules.WNOWAIT, false)]          // waitid's alone
    [InlineData(0x100, false)]
    public void Wait4OptionsAreCheckedAsLinuxChecksThem(int options, bool valid) => Assert.Equal(valid, WaitRules.ValidWait4Options(options));

    [Theory]
    [InlineData(WaitRules.WEXITED, true)]
    [InlineData(WaitRules.WEXITED | WaitRules.WNOWAIT | WaitRules.WNOHANG, true)]
    [InlineData(WaitRules.WSTOPPED, true)]
    [InlineData(WaitRules.WNOHANG, false)]          // nothing to wait for
    [InlineData(0, false)]
    [InlineData(WaitRules.WEXITED | 0x100, false)]
    public void WaitidOptionsNeedSomethingToWaitFor(int options, bool valid) => Assert.Equal(valid, WaitRules.ValidWaitidOptions(options));

    [Theory]
    [InlineData(0, LinuxSignals.CLD_EXITED, 0)]
    [InlineData(42 << 8, LinuxSignals.CLD_EXITED, 42)]
    [InlineData(LinuxSignals.SIGKILL, LinuxSignals.CLD_KILLED, LinuxSignals.SIGKILL)]
    [InlineData(LinuxSignals.SIGSEGV | 0x80, LinuxSignals.CLD_DUMPED, LinuxSignals.SIGSEGV)]
    public void AnEndReadsAsSigchldsSiginfoSaysIt(int status, int code, int value)
    {
        WaitRules.ExitInfo(status, out int gotCode, out int gotValue);
        Assert.Equal((code, value), (gotCode, gotValue));
    }

    [Fact]
    public void SetpgidFollowsLinuxsRules()
    {
        int shell = PmTables.Spawn(slot: 70, parentPid: 0);
        ref PosixProcess self = ref PosixProcesses.At(shell);
        self.Session = self.ProcessGroup = self.Pid;                  // a session leader
        int child = PmTables.Spawn(slot: 71, parentPid: self.Pid);
        ref PosixProcess job = ref PosixProcesses.At(child);
        job.Session = job.ProcessGroup = self.Pid;

        Assert.Equal(LinuxErrno.EPERM, ProcessGroups.SetGroup(shell, 0, 0, out _));                  // a session leader cannot move
        Assert.Equal(LinuxErrno.EINVAL, ProcessGroups.SetGroup(shell, job.Pid, -1, out _));
        Assert.Equal(LinuxErrno.ESRCH, ProcessGroups.SetGroup(shell, 99999, 0, out _));
        Assert.Equal(LinuxErrno.EPERM, ProcessGroups.SetGroup(shell, job.Pid, 4242, out _));         // no such group in the session
        Assert.Equal((LinuxErrno)0, ProcessGroups.SetGroup(shell, job.Pid, 0, out int moved));       // its own group
        Assert.Equal(child, moved);
        Assert.Equal(job.Pid, job.ProcessGroup);
        Assert.Equal((LinuxErrno)0, ProcessGroups.SetGroup(shell, job.Pid, self.Pid, out _));        // back into the shell's
        job.Execed = true;
        Assert.Equal(LinuxErrno.EACCES, ProcessGroups.SetGroup(shell, job.Pid, 0, out _));
        job.Execed = false;
        job.Session = 12345;
        Assert.Equal(LinuxErrno.EPERM, ProcessGroups.SetGroup(shell, job.Pid, 0, out _));            // another session
        int stranger = PmTables.Spawn(slot: 72, parentPid: 0);
        Assert.Equal(LinuxErrno.ESRCH, ProcessGroups.SetGroup(shell, PosixProcesses.At(stranger).Pid, 0, out _));   // not its child
    }

    [Fact]
    public void SetsidIsRefusedToAGroupLeader()
    {
        int leader = PmTables.Spawn(slot: 80, parentPid: 0);
        ref PosixProcess process = ref PosixProcesses.At(leader);
        process.ProcessGroup = process.Pid;
        Assert.Equal(LinuxErrno.EPERM, ProcessGroups.NewSession(leader));
        int child = PmTables.Spawn(slot: 81, parentPid: process.Pid);
        ref PosixProcess other = ref PosixProcesses.At(child);
        other.ProcessGroup = process.Pid;
        Assert.Equal((LinuxErrno)0, ProcessGroups.NewSession(child));
        Assert.Equal((other.Pid, other.Pid), (other.Session, other.ProcessGroup));
    }

    [Fact]
    public void AGroupIsOrphanedWhenNoMemberHasAParentOutsideItInTheSession()
    {
        int shell = PmTables.Spawn(slot: 90, parentPid: 0);
        ref PosixProcess sh = ref PosixProcesses.At(shell);
        sh.Session = sh.ProcessGroup = sh.Pid;
        int job = PmTables.Spawn(slot: 91, parentPid: sh.Pid);
        ref PosixProcess member = ref PosixProcesses.At(job);
        member.Session = sh.Pid;
        member.ProcessGroup = member.Pid;
        Assert.False(ProcessGroups.IsOrphaned(member.Pid, PosixProcesses.None));
        Assert.True(ProcessGroups.IsOrphaned(member.Pid, leaving: shell));     // the shell exits
        member.JobStopped = true;
        Assert.True(ProcessGroups.HasStoppedMember(member.Pid));
    }
}

/// <summary>PM's static tables, shared by the tests that use them (one at a time).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PmTables
{
    public const string Name = "PM's tables";

    public static void Empty()
    {
        for (int record = 0; record < PosixProcesses.MaxProcesses; record++)
        {
            PosixProcesses.Release(record);
            PendingSignals.Clear(record);
            SignalActions.ResetAll(record);
        }
    }

    // A live process at `slot` (generation 1), with a parent and a real uid.
    public static int Spawn(int slot, int parentPid, uint uid = 0)
    {
        int record = PosixProcesses.Add(Endpoint.Make(1, slot));
        if (record == PosixProcesses.None) return record;
        ref PosixProcess process = ref PosixProcesses.At(record);
        process.ParentPid = parentPid;
        process.Ids.Ruid = process.Ids.Euid = process.Ids.Suid = uid;
        return record;
    }
}
