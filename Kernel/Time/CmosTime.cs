namespace Lunix.Kernel.Time
{
    // One reading of the CMOS clock's date and time registers, as CmosClock took them from the
    // chip, decoded as status register B says: BCD or binary digits (bit 2), a 24- or 12-hour
    // clock (bit 1; the PM flag is the hour's top bit). The century register (0x32, where PC
    // firmware and QEMU keep it) counts only when it holds 19 to 30; a chip without one reads
    // something else there, and the year is then taken to be in the 2000s.
    public readonly struct CmosTime
    {
        public const byte BinaryDigits = 0x04, TwentyFourHour = 0x02;

        public readonly byte Seconds, Minutes, Hours, Day, Month, Year, Century, StatusB;

        public CmosTime(byte seconds, byte minutes, byte hours, byte day, byte month, byte year, byte century, byte statusB)
        {
            Seconds = seconds; Minutes = minutes; Hours = hours; Day = day; Month = month; Year = year; Century = century; StatusB = statusB;
        }

        // Seconds since the Unix epoch (the clock keeps UTC, as Linux and QEMU take it to), or
        // -1 when the registers hold no date and time (a dead battery, a chip mid-update).
        public long ToUnixSeconds()
        {
            bool binary = (StatusB & BinaryDigits) != 0;
            int second = Decode(Seconds, binary), minute = Decode(Minutes, binary);
            int hour = CivilTime.Hour(Hours, binary, (StatusB & TwentyFourHour) != 0);
            int day = Decode(Day, binary), month = Decode(Month, binary), year = Decode(Year, binary), century = Decode(Century, binary);
            if (second > 59 || minute > 59 || hour > 23 || day < 1 || day > 31 || month < 1 || month > 12 || year > 99) return -1;
            long fullYear = (century >= 19 && century <= 30 ? century : 20) * 100 + year;
            return CivilTime.ToUnixSeconds(fullYear, month, day, hour, minute, second);
        }

        public bool SameAs(in CmosTime other) =>
            Seconds == other.Seconds && Minutes == other.Minutes && Hours == other.Hours && Day == other.Day && Month == other.Month
            && Year == other.Year && Century == other.Century && StatusB == other.StatusB;

        private static int Decode(int value, bool binary) => binary ? value : CivilTime.FromBcd(value);
    }
}
