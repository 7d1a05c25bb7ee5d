using Lunix.Arch.X86;

namespace Lunix.Kernel.Time
{
    // The PC's battery-backed clock (the CMOS RTC, ports 0x70-0x71), read once at boot for the
    // clock page's real time (CLOCK_REALTIME = the RTC's time at boot + monotonic time since).
    // Registers are read when no update is in progress, until two reads agree, and decoded as
    // status register B says (BCD or binary, 12- or 24-hour). The clock keeps UTC, as Linux and
    // QEMU take it to. 0 when what it reads is no date.
    internal static class CmosClock
    {
        private const ushort Index = 0x70, Data = 0x71;
        private const byte Seconds = 0x00, Minutes = 0x02, Hours = 0x04, Day = 0x07, Month = 0x08, Year = 0x09, Century = 0x32,
                           StatusA = 0x0A, StatusB = 0x0B;
        private const int UpdateInProgress = 0x80, Binary = 0x04, TwentyFourHour = 0x02;

        public static long ReadUnixSeconds()
        {
            long previous = -1;
            for (int attempt = 0; attempt < 10; attempt++)
            {
                for (int wait = 0; wait < 100000 && (Register(StatusA) & UpdateInProgress) != 0; wait++) { }
                long now = Snapshot();
                if (now == previous) return now;
                previous = now;
            }
            return previous;
        }

        private static long Snapshot()
        {
            int status = Register(StatusB);
            bool binary = (status & Binary) != 0;
            int hour = CivilTime.Hour(Register(Hours), binary, (status & TwentyFourHour) != 0);
            int day = Decode(Register(Day), binary), month = Decode(Register(Month), binary), year = Decode(Register(Year), binary);
            int century = Decode(Register(Century), binary);
            long fullYear = century >= 19 && century <= 30 ? century * 100 + year : 2000 + year;
            if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return 0;
            return CivilTime.ToUnixSeconds(fullYear, month, day, hour, Decode(Register(Minutes), binary), Decode(Register(Seconds), binary));
        }

        private static int Decode(int value, bool binary) => binary ? value : CivilTime.FromBcd(value);

        private static int Register(byte index)
        {
            Cpu.Out8(Index, index);
            return Cpu.In8(Data);
        }
    }
}
