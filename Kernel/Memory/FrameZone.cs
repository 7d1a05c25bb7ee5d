namespace Lunix.Kernel.Memory
{
    // Where a frame may come from. Devices that cannot address all of memory need the low zones:
    // ISA DMA reaches only the first 16 MiB, 32-bit PCI devices the first 4 GiB.
    // The values are ordered: a request may use its own zone and every zone below it.
    public enum FrameZone
    {
        Below16MiB,
        Below4GiB,
        Any,
    }
}
