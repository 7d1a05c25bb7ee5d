namespace Lunix.Drivers.Usb
{
    // One bulk endpoint of a device as its controller knows it: the device's handle, the
    // controller's pipe for it (EHCI: its queue head; xHCI: its transfer ring), its number,
    // direction and largest packet, and whether its data toggle must start again at DATA0 on
    // the next transfer (after its halt was cleared, USB 2.0 9.4.5).
    internal struct UsbEndpoint
    {
        public int Device, Pipe, Number, MaxPacket;
        public bool In, ToggleReset;
    }
}
