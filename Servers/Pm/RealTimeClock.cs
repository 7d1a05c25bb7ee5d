using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // The PC's battery-backed clock (the CMOS RTC, ports 0x70-0x71), read once at start-up for
    // CLOCK_REALTIME: PM's real time is this plus the monotonic time since (PmClock). The
    // registers are read while no update is in progress, twice until two reads agree, and
    // decoded as status register B says (BCD or binary, 12- or 24-hour). The clock keeps UTC, as
    // Linux and QEMU take it to. 0 when the clock cannot be read (no port access).
    internal static class RealTimeClock
    {
        private const ushort Index = 0x70, Data = 0x71;
        private const int Seconds = 0x00, Minutes = 0x02, Hours = 0x04, Day = 0x07, Month = 0x08, Year = 0x09, Century = 0x32,
                          StatusA = 0x0A, StatusB = 0x0B;
        private const int UpdateInProgress = 0x80, Binary = 0x04, TwentyFourHour = 0x02;

        public static long ReadUnixSeconds()
        {
            if (Register(StatusB) < 0) return 0;
            for (int attempt = 0; attempt < 100; attempt++)
            {
                for (int wait = 0; wait < 100000 && (Register(StatusA) & UpdateInProgress) != 0; wait++) { }
                long first = Snapshot(), second = Snapshot();
                if (first == second) return first;
            }
            return Snapshot();
        }

        private static long Snapshot()
        {
            int status = (int)Register(StatusB);
            bool binary = (status & Binary) != 0, twentyFour = (status & TwentyFourHour) != 0;
            int second = Decode(Register(Seconds), binary), minute = Decode(Register(Minutes), binary);
            int hour = CivilTime.Hour((int)Register(Hours), binary, twentyFour);
            int day = Decode(Register(Day), binary), month = Decode(Register(Month), binary), year = Decode(Register(Year), binary);
            int century = Decode(Register(Century), binary);
            long fullYear = century >= 19 && century <= 30 ? century * 100 + year : (year < 70 ? 2000 + year : 1900 + year);
            if (month < 1 || month > 12 || day < 1 || day > 31) return 0;
            return CivilTime.ToUnixSeconds(fullYear, month, day, hour, minute, second);
        }

        private static int Decode(long value, bool binary) => binary ? (int)value : CivilTime.FromBcd((int)value);

        private static long Register(int index)
        {
            long selected = Kernel.PortIo(Index, DevIo.OutByte, (uint)index);
            return selected < 0 ? selected : Kernel.PortIo(Data, DevIo.InByte);
        }
    }
}
