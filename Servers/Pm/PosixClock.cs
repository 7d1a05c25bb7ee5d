namespace Lunix.Servers.Pm
{
    // Time as POSIX processes see it (times, AT_CLKTCK): clock ticks of 1/100 s, Linux's USER_HZ.
    internal static class PosixClock
    {
        public const ulong TicksPerSecond = 100;
    }
}
