namespace Lunix.Drivers.Tty
{
    // Where a pixel's red, green and blue bits lie (the firmware's choice).
    internal readonly struct PixelLayout
    {
        public readonly byte RedPosition, RedSize, GreenPosition, GreenSize, BluePosition, BlueSize;

        public PixelLayout(byte redPosition, byte redSize, byte greenPosition, byte greenSize, byte bluePosition, byte blueSize)
        {
            RedPosition = redPosition;
            RedSize = redSize;
            GreenPosition = greenPosition;
            GreenSize = greenSize;
            BluePosition = bluePosition;
            BlueSize = blueSize;
        }

        // 0xRRGGBB as a pixel: each channel's top bits where the layout puts them.
        public uint Pixel(uint rgb) =>
            Channel(rgb >> 16, RedPosition, RedSize) | Channel(rgb >> 8, GreenPosition, GreenSize) | Channel(rgb, BluePosition, BlueSize);

        private static uint Channel(uint value, byte position, byte size) =>
            size == 0 || size > 8 ? 0 : ((value & 0xFF) >> (8 - size)) << position;
    }
}
