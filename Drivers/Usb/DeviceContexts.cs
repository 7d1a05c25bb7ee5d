using System;

namespace Lunix.Drivers.Usb
{
    // The contexts the controller keeps of a device (xHCI 1.2, 6.2): the device context (a slot
    // context, then an endpoint context for each Device Context Index 1..31), which the
    // controller writes, and the input context the driver gives a command (an input control
    // context of drop and add flags, then a slot context and the endpoint contexts).
    // Contexts are 32 or 64 bytes (HCCPARAMS1.CSZ): every offset takes the size. Pure, so the
    // hosted tests check them.
    public static class DeviceContexts
    {
        public const int Contexts = 32;

        // Endpoint types (xHCI 6.2.3, table 6-9) and states.
        public const int BulkOut = 2, Control = 4, BulkIn = 6;
        public const int Disabled = 0, Running = 1, Halted = 2, Stopped = 3;

        // Speeds as the default Protocol Speed IDs number them (PORTSC, the slot context).
        public const int FullSpeed = 1, LowSpeed = 2, HighSpeed = 3, SuperSpeed = 4, SuperSpeedPlus = 5;

        // An endpoint's Device Context Index: endpoint 0 is 1, then OUT 2n and IN 2n+1.
        public static int Dci(int number, bool dataIn) => number == 0 ? 1 : number * 2 + (dataIn ? 1 : 0);

        // Endpoint 0's packet size until the device descriptor says otherwise (USB 3.2 9.6.1;
        // a full-speed device's may be 8 to 64: 64 is where Linux starts too).
        public static int DefaultMaxPacket0(int speed) => speed switch
        {
            LowSpeed => 8,
            HighSpeed or FullSpeed => 64,
            _ => 512,
        };

        // bMaxPacketSize0 read: bytes, except from USB 3 devices, where it is a power of two's exponent.
        public static int MaxPacket0(int speed, byte descriptorValue) => speed >= SuperSpeed ? 1 << (descriptorValue & 15) : descriptorValue;

        // Offsets of the slot context and an endpoint's context, in an input context and in a device context.
        public static int InputSlot(int contextBytes) => contextBytes;
        public static int InputEndpoint(int contextBytes, int dci) => contextBytes * (dci + 1);
        public static int DeviceEndpoint(int contextBytes, int dci) => contextBytes * dci;

        public static int InputBytes(int contextBytes) => contextBytes * (Contexts + 1);
        public static int DeviceBytes(int contextBytes) => contextBytes * Contexts;

        // The input control context: which contexts a command drops and adds (A0: the slot, A1:
        // endpoint 0, An: DCI n).
        public static void WriteInputControl(Span<byte> input, uint drop, uint add)
        {
            QueueLayouts.WriteU32(input, 0, drop);
            QueueLayouts.WriteU32(input, 4, add);
        }

        // A slot context for a device on root port `port` (from 0) at `speed`, with contexts up to
        // DCI `entries`; no hub, route string 0, interrupter 0.
        public static void WriteSlot(Span<byte> slot, int speed, int port, int entries)
        {
            slot.Slice(0, 32).Clear();
            QueueLayouts.WriteU32(slot, 0, (uint)(speed & 0xF) << 20 | (uint)(entries & 0x1F) << 27);
            QueueLayouts.WriteU32(slot, 4, (uint)((port + 1) & 0xFF) << 16);
        }

        // The Context Entries field changed, the rest as it is.
        public static void SetSlotEntries(Span<byte> slot, int entries) =>
            QueueLayouts.WriteU32(slot, 0, (QueueLayouts.ReadU32(slot, 0) & ~(0x1Fu << 27)) | (uint)(entries & 0x1F) << 27);

        // An endpoint context: its type, largest packet, the transfer ring's first TRB and
        // cycle state; three errors allowed before it halts (CErr), the average TRB length a
        // hint for the controller's scheduling (xHCI 4.14.1.1: 8 for control, 3 KiB for bulk).
        public static void WriteEndpoint(Span<byte> endpoint, int type, int maxPacket, ulong ring, bool cycle)
        {
            endpoint.Slice(0, 32).Clear();
            QueueLayouts.WriteU32(endpoint, 4, 3u << 1 | (uint)type << 3 | (uint)maxPacket << 16);
            ulong dequeue = ring | (cycle ? 1ul : 0);
            QueueLayouts.WriteU32(endpoint, 8, (uint)dequeue);
            QueueLayouts.WriteU32(endpoint, 12, (uint)(dequeue >> 32));
            QueueLayouts.WriteU32(endpoint, 16, type == Control ? 8u : 3072u);
        }

        // Endpoint 0's largest packet changed (Evaluate Context after the device descriptor).
        public static void SetMaxPacket(Span<byte> endpoint, int maxPacket) =>
            QueueLayouts.WriteU32(endpoint, 4, (QueueLayouts.ReadU32(endpoint, 4) & 0xFFFF) | (uint)maxPacket << 16);

        // An endpoint's state, as the controller keeps it in the device context.
        public static int EndpointState(ReadOnlySpan<byte> endpoint) => (int)(QueueLayouts.ReadU32(endpoint, 0) & 7);
    }
}
