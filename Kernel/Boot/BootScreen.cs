using Lunix.Abi;

namespace Lunix.Kernel.Boot
{
    // The screen the firmware left (multiboot2's framebuffer tag), kept for the driver that takes
    // it over: GETINFO Framebuffer describes it, and a program whose manifest lists "framebuffer"
    // in `memory` may map its pages (PrivilegeSets). An indexed-colour mode is no screen here:
    // nothing draws on one.
    public static class BootScreen
    {
        private const ulong PageSize = 4096;

        public static FramebufferInfo Info { get; private set; }

        // Its memory in whole pages, [MemoryFirst, MemoryLast]; MemoryFirst > MemoryLast: none.
        public static ulong MemoryFirst { get; private set; } = 1;
        public static ulong MemoryLast { get; private set; }

        public static void Record(in Framebuffer framebuffer)
        {
            FramebufferFormat format = !framebuffer.IsPresent ? FramebufferFormat.None : framebuffer.Kind switch
            {
                FramebufferKind.Rgb => FramebufferFormat.Rgb,
                FramebufferKind.EgaText => FramebufferFormat.Text,
                _ => FramebufferFormat.None,
            };
            ulong bytes = (ulong)framebuffer.Pitch * framebuffer.Height;
            if (format == FramebufferFormat.None || bytes == 0) return;
            Info = new FramebufferInfo
            {
                Physical = framebuffer.Address, Width = framebuffer.Width, Height = framebuffer.Height, Pitch = framebuffer.Pitch,
                BitsPerPixel = framebuffer.BitsPerPixel, Format = format,
                RedPosition = framebuffer.RedPosition, RedSize = framebuffer.RedSize, GreenPosition = framebuffer.GreenPosition,
                GreenSize = framebuffer.GreenSize, BluePosition = framebuffer.BluePosition, BlueSize = framebuffer.BlueSize,
            };
            MemoryFirst = framebuffer.Address & ~(PageSize - 1);
            MemoryLast = ((framebuffer.Address + bytes + PageSize - 1) & ~(PageSize - 1)) - 1;
        }
    }
}
