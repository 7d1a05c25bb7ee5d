using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Usb
{
    // A device its controller has addressed, brought to its configured state (USB 2.0, 9.1.2):
    // its first configuration read and searched for a Bulk-Only interface, that interface's bulk
    // endpoints opened on the controller, SET_CONFIGURATION. The same on every controller: what
    // differs (the port reset, the address) is the controller's AttachPort.
    internal static class UsbEnumeration
    {
        // 0 with the interface and its opened endpoints; ENODEV for a device that is no Bulk-Only
        // stick, or the failing request's errno.
        public static int Configure(UsbHostController host, int device, ulong timeout,
                                    out UsbDescriptors.BulkOnlyInterface stick, out UsbEndpoint bulkIn, out UsbEndpoint bulkOut)
        {
            stick = default;
            bulkIn = bulkOut = default;
            Span<byte> setup = stackalloc byte[UsbRequests.SetupBytes];
            UsbRequests.DescriptorRequest(setup, UsbRequests.ConfigurationDescriptor, UsbDescriptors.ConfigurationHeaderBytes);
            int read = host.Control(device, setup, timeout);
            if (read < 0) return read;
            int parsed = UsbDescriptors.ConfigurationLength(host.ControlData.Slice(0, read), out int total);
            if (parsed != 0) return parsed;
            UsbRequests.DescriptorRequest(setup, UsbRequests.ConfigurationDescriptor, (ushort)Math.Min(total, UsbHostController.ControlDataBytes));
            read = host.Control(device, setup, timeout);
            if (read < 0) return read;
            int found = UsbDescriptors.FindBulkOnly(host.ControlData.Slice(0, read), out stick);
            if (found != 0) return found;
            bulkIn = new UsbEndpoint { Device = device, Number = stick.InEndpoint, MaxPacket = stick.InMaxPacket, In = true };
            bulkOut = new UsbEndpoint { Device = device, Number = stick.OutEndpoint, MaxPacket = stick.OutMaxPacket };
            int opened = host.OpenBulk(device, ref bulkIn, ref bulkOut);
            if (opened != 0) return opened;
            UsbRequests.ConfigurationRequest(setup, stick.Configuration);
            int configured = host.Control(device, setup, timeout);
            return configured < 0 ? configured : 0;
        }
    }
}
