using System;

namespace Lunix.Drivers.Usb
{
    // The 8-byte SETUP packets of the requests this driver sends (USB 2.0, 9.3 and 9.4; the
    // Bulk-Only Transport's class requests, USB Mass Storage Bulk-Only 1.0, 3.1-3.2).
    public static class UsbRequests
    {
        public const int SetupBytes = 8;
        public const byte DeviceToHost = 0x80, Class = 0x20, ToInterface = 0x01, ToEndpoint = 0x02;
        public const byte ClearFeature = 1, SetAddress = 5, GetDescriptor = 6, SetConfiguration = 9;
        public const byte BulkOnlyReset = 0xFF;
        public const ushort EndpointHalt = 0;
        public const byte DeviceDescriptor = 1, ConfigurationDescriptor = 2;

        public static void Write(Span<byte> setup, byte requestType, byte request, ushort value, ushort index, ushort length)
        {
            setup[0] = requestType;
            setup[1] = request;
            setup[2] = (byte)value;
            setup[3] = (byte)(value >> 8);
            setup[4] = (byte)index;
            setup[5] = (byte)(index >> 8);
            setup[6] = (byte)length;
            setup[7] = (byte)(length >> 8);
        }

        public static void DescriptorRequest(Span<byte> setup, byte type, ushort length) =>
            Write(setup, DeviceToHost, GetDescriptor, (ushort)(type << 8), 0, length);

        public static void AddressRequest(Span<byte> setup, int address) => Write(setup, 0, SetAddress, (ushort)address, 0, 0);

        public static void ConfigurationRequest(Span<byte> setup, int value) => Write(setup, 0, SetConfiguration, (ushort)value, 0, 0);

        // CLEAR_FEATURE(ENDPOINT_HALT) on the endpoint with address `endpoint` (bit 7: IN).
        public static void ClearHaltRequest(Span<byte> setup, int endpoint) => Write(setup, ToEndpoint, ClearFeature, EndpointHalt, (ushort)endpoint, 0);

        public static void ResetRequest(Span<byte> setup, int interfaceNumber) =>
            Write(setup, Class | ToInterface, BulkOnlyReset, 0, (ushort)interfaceNumber, 0);
    }
}
