using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Usb
{
    // A high-speed device just reset on its port, brought to its configured state (USB 2.0,
    // 9.1.2): its device descriptor read at the default address 0, SET_ADDRESS, its first
    // configuration read at its new address and searched for a Bulk-Only interface,
    // SET_CONFIGURATION. The default address has a queue head of its own (control endpoint 0,
    // 64-byte packets, as every high-speed device has); the device's own control endpoint
    // gets one once it has its address, so no queue head ever changes its device address.
    internal static class UsbEnumeration
    {
        // 0 with the interface and the device's control queue head; ENODEV for a device that
        // is no Bulk-Only stick, or the failing request's errno.
        public static int Configure(EhciController controller, UsbTransfers transfers, AsyncSchedule schedule, int defaultPipe, int address, ulong timeout,
                                    out UsbDescriptors.Device device, out UsbDescriptors.BulkOnlyInterface stick, out int control)
        {
            device = default;
            stick = default;
            control = 0;
            Span<byte> setup = stackalloc byte[UsbRequests.SetupBytes];
            UsbRequests.DescriptorRequest(setup, UsbRequests.DeviceDescriptor, UsbDescriptors.DeviceBytes);
            int read = transfers.Control(defaultPipe, setup, timeout);
            if (read < 0) return read;
            int parsed = UsbDescriptors.ParseDevice(transfers.ControlData.Slice(0, read), out device);
            if (parsed != 0) return parsed;
            if (device.MaxPacket0 != 64) return -(int)LinuxErrno.EPROTO;       // a high-speed device's endpoint 0 takes 64
            UsbRequests.AddressRequest(setup, address);
            int addressed = transfers.Control(defaultPipe, setup, timeout);
            if (addressed < 0) return addressed;
            controller.Delay(Kernel.TicksPerSecond() / 100 + 1);              // SET_ADDRESS recovery: at least 2 ms
            control = schedule.AddQueueHead(address, 0, device.MaxPacket0, true);
            if (control < 0) return control;
            UsbRequests.DescriptorRequest(setup, UsbRequests.ConfigurationDescriptor, UsbDescriptors.ConfigurationHeaderBytes);
            read = transfers.Control(control, setup, timeout);
            if (read < 0) return read;
            parsed = UsbDescriptors.ConfigurationLength(transfers.ControlData.Slice(0, read), out int total);
            if (parsed != 0) return parsed;
            UsbRequests.DescriptorRequest(setup, UsbRequests.ConfigurationDescriptor, (ushort)Math.Min(total, UsbTransfers.ControlDataBytes));
            read = transfers.Control(control, setup, timeout);
            if (read < 0) return read;
            int found = UsbDescriptors.FindBulkOnly(transfers.ControlData.Slice(0, read), out stick);
            if (found != 0) return found;
            UsbRequests.ConfigurationRequest(setup, stick.Configuration);
            int configured = transfers.Control(control, setup, timeout);
            return configured < 0 ? configured : 0;
        }
    }
}
