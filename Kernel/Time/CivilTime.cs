using Lunix.Abi.Linux;

namespace Lunix.Kernel.Time
{
    // A calendar date and time (UTC, as a PC's real-time clock keeps it) as seconds since the
    // Unix epoch, and the CMOS clock's encodings: BCD or binary digits, a 12-hour clock with the
    // PM flag in the hour's top bit.
    public static class CivilTime
    {
        public static long ToUnixSeconds(long year, int month, int day, int hour, int minute, int second) =>
            UnixDays.FromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;

        public static int FromBcd(int value) => (value >> 4) * 10 + (value & 0x0F);

        // The CMOS hour register: binary or BCD, 24-hour or 12-hour (top bit: PM; 12 is 0).
        public static int Hour(int register, bool binary, bool twentyFourHour)
        {
            bool pm = !twentyFourHour && (register & 0x80) != 0;
            int hour = register & 0x7F;
            if (!binary) hour = FromBcd(hour);
            if (!twentyFourHour) hour = hour % 12 + (pm ? 12 : 0);
            return hour;
        }
    }
}
