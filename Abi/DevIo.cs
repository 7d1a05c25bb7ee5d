namespace Lunix.Abi
{
    // Requests of the DEVIO and VDEVIO kernel calls (MINIX's _DIO_INPUT/_DIO_OUTPUT with
    // _DIO_BYTE/_DIO_WORD/_DIO_LONG): bit 2 is the direction, the low two bits the width.
    public static class DevIo
    {
        public const int InByte = 0;
        public const int InWord = 1;
        public const int InLong = 2;
        public const int OutByte = 4;
        public const int OutWord = 5;
        public const int OutLong = 6;

        public const int MaxVectorCount = 64;    // VDEVIO: (port, value) pairs per call

        public static bool IsValid(long request) => request is InByte or InWord or InLong or OutByte or OutWord or OutLong;
        public static bool IsOutput(long request) => (request & 4) != 0;
        // Bytes per access: 1, 2 or 4.
        public static int Width(long request) => 1 << (int)(request & 3);
    }
}
