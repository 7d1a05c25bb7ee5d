namespace Lunix.Boot;

/// <summary>Exit statuses of the Boot tool, the contract scripts and CI rely on.</summary>
public static class BootExitStatus
{
    /// <summary>The guest powered off cleanly (QEMU exited 0).</summary>
    public const int Clean = 0;
    /// <summary>A crash report, a non-zero QEMU exit, or the run could not start.</summary>
    public const int Failed = 1;
    /// <summary>The guest was still running at the time limit and was killed.</summary>
    public const int TimedOut = 2;
    /// <summary>Bad command line (BSD sysexits EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The worse of several runs' statuses: a failure, else a timeout, else clean.</summary>
    public static int Worst(params int[] statuses) =>
        statuses.Contains(Failed) ? Failed : statuses.Contains(TimedOut) ? TimedOut : Clean;
}
