using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // ECMA-119's two date forms as Unix seconds: the directory record's 7 bytes (9.1.5; Rock
    // Ridge's TF short form) and the descriptor's 17 digits (8.4.26.1; TF's long form). Both end
    // in the offset from GMT in 15-minute steps. A date that cannot be one (a month 13, a digit
    // that is no digit) reads as 0, the epoch: a wrong time loses nothing, so it is no error.
    public static class IsoTime
    {
        public const int ShortSize = 7, LongSize = 17;

        public static long FromShort(ReadOnlySpan<byte> date)
        {
            if (date.Length < ShortSize) return 0;
            return Seconds(1900 + date[0], date[1], date[2], date[3], date[4], date[5], (sbyte)date[6]);
        }

        public static long FromLong(ReadOnlySpan<byte> date)
        {
            if (date.Length < LongSize) return 0;
            int year = Digits(date.Slice(0, 4)), month = Digits(date.Slice(4, 2)), day = Digits(date.Slice(6, 2));
            int hour = Digits(date.Slice(8, 2)), minute = Digits(date.Slice(10, 2)), second = Digits(date.Slice(12, 2));
            if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return 0;
            return Seconds(year, month, day, hour, minute, second, (sbyte)date[16]);
        }

        private static long Seconds(int year, int month, int day, int hour, int minute, int second, sbyte quarterHours)
        {
            if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return 0;
            if (quarterHours < -48 || quarterHours > 52) quarterHours = 0;
            return UnixDays.FromCivil(year, month, day) * 86400L + hour * 3600 + minute * 60 + second - quarterHours * 900L;
        }

        private static int Digits(ReadOnlySpan<byte> text)
        {
            int value = 0;
            foreach (byte c in text)
            {
                if (c < '0' || c > '9') return -1;
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
