using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;
using Lunix.Servers.Pm;
using Xunit;

namespace Lunix.Tests.Hosted;

/// <summary>
/// PM's signal tables (Servers/Pm: PendingSignals, SignalActions, SignalInfo): what is pending,
/// what is delivered first, what queues, and what each disposition does, by Linux's rules.
/// </summary>
[Collection(PmTables.Name)]
public sealed class PmSignalTablesTests
{
    private const int Record = 3;

    public PmSignalTablesTests() => PmTables.Empty();

    private static SignalInfo Sent(int signal, int pid = 7, long value = 0) =>
        new SignalInfo { Signal = signal, Code = LinuxSignals.SI_USER, Pid = pid, Value = value };

    [Fact]
    public void AStandardSignalIsPendingOnceWithItsFirstSendersSiginfo()
    {
        Assert.True(PendingSignals.Add(Record, Sent(LinuxSignals.SIGUSR1, pid: 10), 100, mustQueue: false));
        Assert.True(PendingSignals.Add(Record, Sent(LinuxSignals.SIGUSR1, pid: 11), 100, mustQueue: false));
        Assert.True(PendingSignals.IsPending(Record, LinuxSignals.SIGUSR1));
        SignalInfo taken = PendingSignals.Take(Record, LinuxSignals.SIGUSR1);
        Assert.Equal(10, taken.Pid);
        Assert.False(PendingSignals.IsPending(Record, LinuxSignals.SIGUSR1));
    }

    [Fact]
    public void RealTimeSignalsQueueInOrderEachTimeTheyAreSent()
    {
        int signal = LinuxSignals.SIGRTMIN + 2;
        for (int i = 1; i <= 3; i++) Assert.True(PendingSignals.Add(Record, Sent(signal, value: i), 100, mustQueue: true));
        for (int i = 1; i <= 3; i++)
        {
            Assert.True(PendingSignals.IsPending(Record, signal));
            Assert.Equal(i, PendingSignals.Take(Record, signal).Value);
        }
        Assert.False(PendingSignals.IsPending(Record, signal));
    }

    [Fact]
    public void AFullQueueRefusesSigqueueButKillStillMarksThePendingSignal()
    {
        int signal = LinuxSignals.SIGRTMIN;
        Assert.True(PendingSignals.Add(Record, Sent(signal), queueLimit: 1, mustQueue: true));
        Assert.False(PendingSignals.Add(Record, Sent(signal), queueLimit: 1, mustQueue: true));
        PendingSignals.Take(Record, signal);
        Assert.False(PendingSignals.IsPending(Record, signal));
        Assert.True(PendingSignals.Add(Record, Sent(signal), queueLimit: 1, mustQueue: true));
        Assert.False(PendingSignals.Add(Record, Sent(signal + 1), queueLimit: 1, mustQueue: false));
        Assert.True(PendingSignals.IsPending(Record, signal + 1));      // pending, with a bare siginfo
        Assert.Equal(LinuxSignals.SI_USER, PendingSignals.Take(Record, signal + 1).Code);
    }

    [Fact]
    public void FaultsComeFirstThenTheLowestSignalTheMaskLetsThrough()
    {
        PendingSignals.Add(Record, Sent(LinuxSignals.SIGINT), 100, false);
        PendingSignals.Add(Record, Sent(LinuxSignals.SIGTERM), 100, false);
        PendingSignals.Add(Record, Sent(LinuxSignals.SIGSEGV), 100, false);
        Assert.Equal(LinuxSignals.SIGSEGV, PendingSignals.Next(Record, 0));
        PendingSignals.Take(Record, LinuxSignals.SIGSEGV);
        Assert.Equal(LinuxSignals.SIGINT, PendingSignals.Next(Record, 0));
        Assert.Equal(LinuxSignals.SIGTERM, PendingSignals.Next(Record, LinuxSignals.Bit(LinuxSignals.SIGINT)));
        Assert.Equal(0, PendingSignals.Next(Record, ~0UL));
        PendingSignals.Add(Record, Sent(LinuxSignals.SIGKILL), 100, false);
        Assert.Equal(LinuxSignals.SIGKILL, PendingSignals.Next(Record, ~0UL));   // never masked
    }

    [Fact]
    public void DiscardDropsQueuedInstancesToo()
    {
        int signal = LinuxSignals.SIGRTMIN + 5;
        PendingSignals.Add(Record, Sent(signal), 100, true);
        PendingSignals.Add(Record, Sent(signal), 100, true);
        PendingSignals.Add(Record, Sent(LinuxSignals.SIGTSTP), 100, false);
        PendingSignals.Discard(Record, LinuxSignals.Bit(signal) | LinuxSignals.StopSignals);
        Assert.Equal(0UL, PendingSignals.Of(Record));
        // The pool's entries came back: a full pool's worth queues again.
        for (int i = 0; i < PendingSignals.QueuePool; i++) Assert.True(PendingSignals.Add(Record, Sent(signal), ulong.MaxValue, true));
        Assert.False(PendingSignals.Add(Record, Sent(signal), ulong.MaxValue, true));
        PendingSignals.Clear(Record);
    }

    [Theory]
    [InlineData(LinuxSignals.SIGTERM, (int)Disposition.Terminate)]
    [InlineData(LinuxSignals.SIGSEGV, (int)Disposition.Core)]
    [InlineData(LinuxSignals.SIGQUIT, (int)Disposition.Core)]
    [InlineData(LinuxSignals.SIGCHLD, (int)Disposition.Ignore)]
    [InlineData(LinuxSignals.SIGWINCH, (int)Disposition.Ignore)]
    [InlineData(LinuxSignals.SIGTSTP, (int)Disposition.Stop)]
    [InlineData(LinuxSignals.SIGSTOP, (int)Disposition.Stop)]
    [InlineData(LinuxSignals.SIGCONT, (int)Disposition.Continue)]
    [InlineData(LinuxSignals.SIGRTMIN + 1, (int)Disposition.Terminate)]
    public void DefaultActionsAreSignal7s(int signal, int expected) => Assert.Equal((Disposition)expected, SignalActions.DispositionOf(Record, signal));

    [Fact]
    public void HandlersAndIgnoringChangeTheDispositionButNotForKillAndStop()
    {
        SignalActions.Of(Record, LinuxSignals.SIGTERM).Handler = 0x401000;
        SignalActions.Of(Record, LinuxSignals.SIGINT).Handler = LinuxSignals.SIG_IGN;
        SignalActions.Of(Record, LinuxSignals.SIGKILL).Handler = 0x401000;       // never accepted by rt_sigaction; the table still says no
        Assert.Equal(Disposition.Handle, SignalActions.DispositionOf(Record, LinuxSignals.SIGTERM));
        Assert.Equal(Disposition.Ignore, SignalActions.DispositionOf(Record, LinuxSignals.SIGINT));
        Assert.Equal(Disposition.Terminate, SignalActions.DispositionOf(Record, LinuxSignals.SIGKILL));
        // Ignored when sent, unless blocked; SIGCONT's default does nothing more than continue.
        Assert.True(SignalActions.IsIgnoredWhenSent(Record, LinuxSignals.SIGINT, 0));
        Assert.False(SignalActions.IsIgnoredWhenSent(Record, LinuxSignals.SIGINT, LinuxSignals.Bit(LinuxSignals.SIGINT)));
        Assert.True(SignalActions.IsIgnoredWhenSent(Record, LinuxSignals.SIGCONT, 0));
        Assert.False(SignalActions.IsIgnoredWhenSent(Record, LinuxSignals.SIGTERM, 0));
    }

    [Fact]
    public void ExecveResetsCaughtSignalsAndKeepsIgnoredOnes()
    {
        SignalActions.Of(Record, LinuxSignals.SIGUSR1) = new SignalAction { Handler = 0x401000, Flags = LinuxSignals.SA_RESTART, Mask = 4 };
        SignalActions.Of(Record, LinuxSignals.SIGUSR2) = new SignalAction { Handler = LinuxSignals.SIG_IGN, Flags = LinuxSignals.SA_RESTART };
        SignalActions.Copy(Record, Record + 1);
        SignalActions.ResetCaught(Record + 1);
        Assert.Equal(LinuxSignals.SIG_DFL, SignalActions.Of(Record + 1, LinuxSignals.SIGUSR1).Handler);
        Assert.Equal(LinuxSignals.SIG_IGN, SignalActions.Of(Record + 1, LinuxSignals.SIGUSR2).Handler);
        Assert.Equal(0UL, SignalActions.Of(Record + 1, LinuxSignals.SIGUSR2).Flags);
        Assert.Equal(0x401000UL, SignalActions.Of(Record, LinuxSignals.SIGUSR1).Handler);     // the parent's stay
    }

    [Fact]
    public void SiginfoIsWrittenInLinuxsLayout()
    {
        var bytes = new byte[SignalFrame.InfoSize];
        new SignalInfo { Signal = LinuxSignals.SIGUSR1, Code = LinuxSignals.SI_QUEUE, Pid = 42, Uid = 1000, Value = 0x1234 }.WriteTo(bytes);
        Assert.Equal(LinuxSignals.SIGUSR1, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(LinuxSignals.SI_QUEUE, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(42, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(0x1234L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)));

        new SignalInfo { Signal = LinuxSignals.SIGCHLD, Code = LinuxSignals.CLD_EXITED, Pid = 9, Status = 3, Value = 11, SystemTime = 12 }.WriteTo(bytes);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(11L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(12L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(40)));

        new SignalInfo { Signal = LinuxSignals.SIGSEGV, Code = LinuxSignals.SI_KERNEL, Pid = 5 }.WriteTo(bytes);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));            // the kernel's: no sender
    }
}
