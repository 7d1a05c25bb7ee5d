namespace Lunix.Abi.Linux
{
    // Dates as Linux's time_t counts them: days since 1970-01-01 of a proleptic Gregorian date
    // (Howard Hinnant's days_from_civil), for every reader of a calendar date (the CMOS clock in
    // the kernel, ISO9660's directory records).
    public static class UnixDays
    {
        public static long FromCivil(long year, int month, int day)
        {
            year -= month <= 2 ? 1 : 0;
            long era = (year >= 0 ? year : year - 399) / 400;
            long yearOfEra = year - era * 400;
            long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
            long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * 146097 + dayOfEra - 719468;
        }
    }
}
