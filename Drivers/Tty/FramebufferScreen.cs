using Lunix.Abi;

namespace Lunix.Drivers.Tty
{
    // /dev/fb0's state: where the pixel memory is and how its pixels are laid out (the firmware's
    // choices, which no mode changes), the mode shown now, and what the adapter can be set to.
    internal struct FramebufferScreen
    {
        public FramebufferInfo Boot;            // its Physical and colour layout; its size is the boot mode's
        public FramebufferMode Mode;
        public FramebufferLimits Limits;

        // The firmware's mode as the only one (an adapter the driver cannot program).
        public static FramebufferScreen Fixed(in FramebufferInfo boot) => new FramebufferScreen
        {
            Boot = boot,
            Mode = new FramebufferMode
            {
                Width = boot.Width, Height = boot.Height, VirtualWidth = boot.Width, VirtualHeight = boot.Height, Pitch = boot.Pitch,
            },
            Limits = new FramebufferLimits { MaxWidth = boot.Width, MaxHeight = boot.Height, MemoryBytes = boot.Bytes },
        };

        // The pixel memory programs may read, write and map (fbdev's smem_len).
        public readonly ulong MemoryBytes => Limits.MemoryBytes;
    }
}
