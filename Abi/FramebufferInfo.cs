namespace Lunix.Abi
{
    // GETINFO Framebuffer's answer: the screen the firmware left for the kernel (multiboot2's
    // framebuffer tag), for the driver that takes the screen over. Its memory is the range
    // [Physical, Physical + Pitch * Height), which a program maps when its manifest entry lists
    // "framebuffer" in `memory`.
    public struct FramebufferInfo
    {
        public ulong Physical;
        public uint Width;                  // pixels, or characters for Text
        public uint Height;                 // pixels, or lines for Text
        public uint Pitch;                  // bytes from one line to the next
        public byte BitsPerPixel;           // 16 for Text (a character and its attribute byte)
        public FramebufferFormat Format;
        // Rgb only: each channel's lowest bit within a pixel, and its width in bits.
        public byte RedPosition, RedSize, GreenPosition, GreenSize, BluePosition, BlueSize;

        public readonly ulong Bytes => (ulong)Pitch * Height;
    }

    // Where /dev/fb0's pixel memory is (fbdev's smem_start and smem_len: all the adapter's memory
    // where the terminal driver can change its mode), which the driver publishes in DS under Key
    // and VFS reads to answer an mmap of /dev/fb0.
    public struct FramebufferMemory
    {
        public const string Key = "tty.fb0.memory";
        public const int Size = 16;
        public ulong Physical;
        public ulong Bytes;
    }

    public enum FramebufferFormat : byte
    {
        None = 0,       // no screen the kernel knows how to draw on
        Rgb = 1,        // direct colour pixels (GOP, VBE)
        Text = 2,       // VGA text mode: character and attribute pairs
    }
}
