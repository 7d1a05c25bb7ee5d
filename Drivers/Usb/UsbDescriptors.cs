using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Usb
{
    // What a device says of itself (USB 2.0, 9.6): its device descriptor, and in its first
    // configuration the Bulk-Only mass storage interface (class 08, subclass 06 SCSI transparent
    // command set, protocol 0x50) with its bulk IN and OUT endpoints. Nothing a device sends is
    // trusted: every length is checked before a byte past it is read. Pure, so the hosted tests
    // check them.
    public static class UsbDescriptors
    {
        public const int DeviceBytes = 18, ConfigurationHeaderBytes = 9;
        private const byte InterfaceType = 4, EndpointType = 5, BulkAttributes = 2;
        private const byte MassStorageClass = 8, ScsiSubclass = 6, BulkOnlyProtocol = 0x50;

        public struct Device
        {
            public ushort UsbVersion, Vendor, Product;
            public int MaxPacket0, Configurations;
        }

        // The Bulk-Only interface found in a configuration.
        public struct BulkOnlyInterface
        {
            public int Configuration, Interface;
            public int InEndpoint, InMaxPacket, OutEndpoint, OutMaxPacket;    // endpoint numbers (0..15)
        }

        // 0, or EPROTO for a descriptor that is short, of another type, or impossible.
        public static int ParseDevice(ReadOnlySpan<byte> bytes, out Device device)
        {
            device = default;
            if (bytes.Length < DeviceBytes || bytes[0] < DeviceBytes || bytes[1] != UsbRequests.DeviceDescriptor) return -(int)LinuxErrno.EPROTO;
            device.UsbVersion = (ushort)(bytes[2] | bytes[3] << 8);
            device.MaxPacket0 = bytes[7];
            device.Vendor = (ushort)(bytes[8] | bytes[9] << 8);
            device.Product = (ushort)(bytes[10] | bytes[11] << 8);
            device.Configurations = bytes[17];
            bool packetSize = device.MaxPacket0 is 8 or 16 or 32 or 64;
            return packetSize && device.Configurations > 0 ? 0 : -(int)LinuxErrno.EPROTO;
        }

        // The whole configuration's length from its first 9 bytes: 0 with `total`, or EPROTO.
        public static int ConfigurationLength(ReadOnlySpan<byte> header, out int total)
        {
            total = 0;
            if (header.Length < ConfigurationHeaderBytes || header[0] < ConfigurationHeaderBytes || header[1] != UsbRequests.ConfigurationDescriptor)
                return -(int)LinuxErrno.EPROTO;
            total = header[2] | header[3] << 8;
            return total >= ConfigurationHeaderBytes ? 0 : -(int)LinuxErrno.EPROTO;
        }

        // The first Bulk-Only interface (alternate setting 0) of the configuration `bytes` with a
        // bulk IN and a bulk OUT endpoint: 0, ENODEV when there is none, EPROTO for descriptors
        // that run past the configuration's end or are shorter than their kind.
        public static int FindBulkOnly(ReadOnlySpan<byte> bytes, out BulkOnlyInterface found)
        {
            found = default;
            if (ConfigurationLength(bytes, out int total) != 0) return -(int)LinuxErrno.EPROTO;
            if (total < bytes.Length) bytes = bytes.Slice(0, total);
            found.Configuration = bytes[5];
            bool inside = false;
            for (int at = bytes[0]; at < bytes.Length;)
            {
                int length = bytes[at];
                if (length < 2 || at + length > bytes.Length) return -(int)LinuxErrno.EPROTO;
                ReadOnlySpan<byte> descriptor = bytes.Slice(at, length);
                if (descriptor[1] == InterfaceType)
                {
                    if (length < 9) return -(int)LinuxErrno.EPROTO;
                    if (inside && found.InEndpoint != 0 && found.OutEndpoint != 0) return 0;
                    inside = descriptor[3] == 0 && descriptor[5] == MassStorageClass && descriptor[6] == ScsiSubclass && descriptor[7] == BulkOnlyProtocol;
                    found.Interface = descriptor[2];
                    found.InEndpoint = found.OutEndpoint = 0;
                }
                else if (descriptor[1] == EndpointType && inside)
                {
                    if (length < 7) return -(int)LinuxErrno.EPROTO;
                    int address = descriptor[2], packet = (descriptor[4] | descriptor[5] << 8) & 0x7FF;
                    if ((descriptor[3] & 3) == BulkAttributes && (address & 0xF) != 0 && packet != 0)
                    {
                        if ((address & 0x80) != 0 && found.InEndpoint == 0)
                        {
                            found.InEndpoint = address & 0xF;
                            found.InMaxPacket = packet;
                        }
                        else if ((address & 0x80) == 0 && found.OutEndpoint == 0)
                        {
                            found.OutEndpoint = address & 0xF;
                            found.OutMaxPacket = packet;
                        }
                    }
                }
                at += length;
            }
            return inside && found.InEndpoint != 0 && found.OutEndpoint != 0 ? 0 : -(int)LinuxErrno.ENODEV;
        }
    }
}
