using Lunix.Abi.Linux;

namespace Lunix.Drivers.Usb
{
    // The TRBs this driver writes and reads (xHCI 1.2, 6.4): transfer TRBs (Normal, Setup
    // Stage, Data Stage, Status Stage, Link), the commands it gives, the events it takes, and
    // the completion codes as errnos. The cycle bit is left out: the ring that takes a TRB sets
    // it. Pure, so the hosted tests check them.
    public static class TrbLayouts
    {
        public const int TrbBytes = 16;

        // Types.
        public const int Normal = 1, SetupStage = 2, DataStage = 3, StatusStage = 4, Link = 6;
        public const int EnableSlot = 9, DisableSlot = 10, AddressDevice = 11, ConfigureEndpoint = 12, EvaluateContext = 13;
        public const int ResetEndpoint = 14, StopEndpoint = 15, SetDequeue = 16;
        public const int TransferEvent = 32, CommandCompletion = 33, PortStatusChange = 34;

        // Control-word flags.
        public const uint CycleBit = 1, ToggleCycle = 1 << 1, InterruptOnShort = 1 << 2, Chain = 1 << 4;
        public const uint InterruptOnCompletion = 1 << 5, ImmediateData = 1 << 6, DirectionIn = 1 << 16;

        // Completion codes.
        public const int Success = 1, DataBufferError = 2, Babble = 3, TransactionError = 4, TrbError = 5, Stall = 6;
        public const int ShortPacket = 13, ContextStateError = 19, Stopped = 26, StoppedLengthInvalid = 27;

        // The most one transfer TRB moves, and the boundary none may cross (xHCI 4.11.7.1).
        public const int MaxTrbBytes = 0x10000;

        public static uint TypeField(int type) => (uint)type << 10;

        // A Normal TRB's bytes from `physical`, with `left` to go: up to the next 64 KiB boundary.
        public static int PieceBytes(ulong physical, int left)
        {
            int room = MaxTrbBytes - (int)(physical & (MaxTrbBytes - 1));
            return left < room ? left : room;
        }

        // TD Size (xHCI 4.11.2.4): the packets of the TD still to come after this TRB, at most 31.
        public static int TdSize(int bytesAfter, int maxPacket)
        {
            int packets = (bytesAfter + maxPacket - 1) / maxPacket;
            return packets > 31 ? 31 : packets;
        }

        // A Normal TRB: `bytes` at `buffer`; chained to the next one unless it is the TD's last,
        // which interrupts on completion; every one interrupts on a short packet, which ends the TD.
        public static Trb NormalTrb(ulong buffer, int bytes, int tdSize, bool last) =>
            new Trb(buffer, (uint)bytes | (uint)tdSize << 17,
                    TypeField(Normal) | InterruptOnShort | (last ? InterruptOnCompletion : Chain));

        // A Setup Stage TRB with the 8-byte request inline; its transfer type (TRT) says whether a
        // data stage follows and which way (xHCI 6.4.1.2.1: 0 none, 2 OUT, 3 IN).
        public static Trb SetupTrb(ulong setupPacket, int dataLength, bool dataIn)
        {
            uint transferType = dataLength == 0 ? 0u : dataIn ? 3u : 2u;
            return new Trb(setupPacket, 8, TypeField(SetupStage) | ImmediateData | transferType << 16);
        }

        public static Trb DataTrb(ulong buffer, int bytes, bool dataIn) =>
            new Trb(buffer, (uint)bytes, TypeField(DataStage) | InterruptOnShort | (dataIn ? DirectionIn : 0));

        // The status stage goes the other way from the data (IN when there was none).
        public static Trb StatusTrb(int dataLength, bool dataIn) =>
            new Trb(0, 0, TypeField(StatusStage) | InterruptOnCompletion | (dataLength > 0 && dataIn ? 0 : DirectionIn));

        // The Link TRB that ends a ring: back to its start, the cycle toggled; chained when a TD
        // goes on past it.
        public static Trb LinkTrb(ulong ringStart, bool chain) => new Trb(ringStart, 0, TypeField(Link) | ToggleCycle | (chain ? Chain : 0));

        // Commands (xHCI 6.4.3): the slot in bits 31:24, the endpoint (DCI) in 20:16.
        public static Trb EnableSlotCommand() => new Trb(0, 0, TypeField(EnableSlot));

        public static Trb DisableSlotCommand(int slot) => new Trb(0, 0, TypeField(DisableSlot) | (uint)slot << 24);

        public static Trb AddressDeviceCommand(ulong inputContext, int slot) => new Trb(inputContext, 0, TypeField(AddressDevice) | (uint)slot << 24);

        public static Trb ConfigureEndpointCommand(ulong inputContext, int slot) => new Trb(inputContext, 0, TypeField(ConfigureEndpoint) | (uint)slot << 24);

        public static Trb EvaluateContextCommand(ulong inputContext, int slot) => new Trb(inputContext, 0, TypeField(EvaluateContext) | (uint)slot << 24);

        // Reset Endpoint with TSP 0: the endpoint's toggle or sequence number back at 0.
        public static Trb ResetEndpointCommand(int slot, int endpoint) => new Trb(0, 0, TypeField(ResetEndpoint) | (uint)slot << 24 | (uint)endpoint << 16);

        public static Trb StopEndpointCommand(int slot, int endpoint) => new Trb(0, 0, TypeField(StopEndpoint) | (uint)slot << 24 | (uint)endpoint << 16);

        // Set TR Dequeue Pointer: the ring's next TRB and the cycle state it carries (DCS, bit 0).
        public static Trb SetDequeueCommand(int slot, int endpoint, ulong dequeue, bool cycle) =>
            new Trb(dequeue | (cycle ? 1ul : 0), 0, TypeField(SetDequeue) | (uint)slot << 24 | (uint)endpoint << 16);

        // A completion code as an errno: a STALL is EPIPE (as Linux's usb core reports it),
        // babble EOVERFLOW, a transaction or buffer error EPROTO, anything else EIO.
        public static int Failure(int completionCode) => completionCode switch
        {
            Stall => -(int)LinuxErrno.EPIPE,
            Babble => -(int)LinuxErrno.EOVERFLOW,
            TransactionError or DataBufferError => -(int)LinuxErrno.EPROTO,
            _ => -(int)LinuxErrno.EIO,
        };
    }
}
