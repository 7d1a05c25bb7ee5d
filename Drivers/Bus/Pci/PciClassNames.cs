namespace Lunix.Drivers.Bus.Pci
{
    // What a class code is, for the boot report: the kinds QEMU's machines and common PCs have,
    // by class and subclass (and programming interface where that is what tells them apart).
    public static class PciClassNames
    {
        public static string Of(int classCode) => (classCode >> 8) switch
        {
            0x0101 => "IDE controller",
            0x0105 => "ATA controller",
            0x0106 => (classCode & 0xFF) == 0x01 ? "SATA controller (AHCI)" : "SATA controller",
            0x0108 => "NVM Express controller",
            0x0100 => "SCSI controller",
            0x0200 => "Ethernet controller",
            0x0300 => "VGA-compatible display",
            0x0380 => "display controller",
            0x0403 => "audio device",
            0x0600 => "host bridge",
            0x0601 => "ISA bridge",
            0x0604 => "PCI bridge",
            0x0680 => "bridge",
            0x0C03 => (classCode & 0xFF) switch { 0x00 => "USB UHCI controller", 0x10 => "USB OHCI controller", 0x20 => "USB EHCI controller", 0x30 => "USB xHCI controller", _ => "USB controller" },
            0x0C05 => "SMBus controller",
            _ => (classCode >> 16) switch
            {
                0x01 => "mass storage controller",
                0x02 => "network controller",
                0x03 => "display controller",
                0x06 => "bridge",
                0x0C => "serial bus controller",
                _ => "device",
            },
        };
    }
}
