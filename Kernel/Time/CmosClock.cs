using Lunix.Arch.X86;

namespace Lunix.Kernel.Time
{
    // The PC's battery-backed clock (the CMOS RTC, ports 0x70-0x71), read once at boot for the
    // clock page's real time (CLOCK_REALTIME = the RTC's time at boot + monotonic time since;
    // docs/posix.md, "The real-time clock", says why the kernel reads it rather than a ring-3
    // driver). The chip updates its registers once a second; a read that straddles an update
    // mixes two times, so the registers are read only while status A's update-in-progress bit
    // is clear, and again until two readings agree. CmosTime decodes them.
    internal static class CmosClock
    {
        private const ushort Index = 0x70, Data = 0x71;
        private const byte Seconds = 0x00, Minutes = 0x02, Hours = 0x04, Day = 0x07, Month = 0x08, Year = 0x09, Century = 0x32,
                           StatusA = 0x0A, StatusB = 0x0B;
        private const int UpdateInProgress = 0x80;

        // Seconds since the epoch, or 0 when the clock holds no date (the time then starts at 1970).
        public static long ReadUnixSeconds()
        {
            CmosTime previous = Snapshot();
            for (int attempt = 0; attempt < 10; attempt++)
            {
                CmosTime now = Snapshot();
                if (now.SameAs(previous))
                {
                    long seconds = now.ToUnixSeconds();
                    return seconds >= 0 ? seconds : 0;
                }
                previous = now;
            }
            return 0;
        }

        // The update-in-progress bit is set for 244 us before an update; the wait is bounded
        // (a missing or broken chip may read 0xFF for ever) and the comparison catches the rest.
        private static CmosTime Snapshot()
        {
            for (int wait = 0; wait < 100000 && (Register(StatusA) & UpdateInProgress) != 0; wait++) { }
            return new CmosTime(Register(Seconds), Register(Minutes), Register(Hours), Register(Day), Register(Month), Register(Year),
                                Register(Century), Register(StatusB));
        }

        private static byte Register(byte index)
        {
            Cpu.Out8(Index, index);
            return Cpu.In8(Data);
        }
    }
}
