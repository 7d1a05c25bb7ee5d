using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // File times: the real time (SystemLibrary's RealTime) as a FileTime.
    internal static class FileClock
    {
        public static FileTime Now()
        {
            long now = RealTime.Nanoseconds();
            return new FileTime(now / (long)ClockPage.NanosecondsPerSecond, (int)(now % (long)ClockPage.NanosecondsPerSecond));
        }
    }
}
