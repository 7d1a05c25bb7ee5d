namespace Lunix.Drivers.Usb
{
    // The xHCI controller's registers (xHCI 1.2, chapter 5), all in its BAR 0: the capability
    // registers at its start, the operational registers CAPLENGTH bytes further, the runtime
    // registers (the interrupters) at RTSOFF, the doorbells at DBOFF, and the extended
    // capabilities (a list of 32-bit words, from HCCPARAMS1's xECP) among them the legacy
    // support (the firmware's hand-over) and the supported protocols (which ports are USB 2,
    // which USB 3). Pure, so the hosted tests check the decoding.
    public static class XhciRegisters
    {
        // Capability registers: CAPLENGTH is the low byte of the first word, HCIVERSION its top half.
        public const int CapLength = 0x00, StructuralParameters1 = 0x04, StructuralParameters2 = 0x08;
        public const int CapabilityParameters1 = 0x10, DoorbellOffset = 0x14, RuntimeOffset = 0x18;

        // HCSPARAMS1: device slots, interrupters, ports.
        public static int MaxSlots(uint structural1) => (int)(structural1 & 0xFF);
        public static int MaxPorts(uint structural1) => (int)(structural1 >> 24);

        // HCSPARAMS2: the scratchpad pages the controller wants for itself (bits 25:21 high, 31:27 low).
        public static int ScratchpadPages(uint structural2) => (int)(((structural2 >> 21) & 0x1F) << 5 | structural2 >> 27);

        // HCCPARAMS1: 64-byte contexts (CSZ), port power control (PPC), and xECP in 32-bit words.
        public static int ContextBytes(uint capability1) => (capability1 & (1 << 2)) != 0 ? 64 : 32;
        public static bool PortPowerControl(uint capability1) => (capability1 & (1 << 3)) != 0;
        public static int ExtendedCapabilities(uint capability1) => (int)(capability1 >> 16) * 4;

        // Operational registers, from CAPLENGTH (64-bit ones written as two words, low first).
        public const int Command = 0x00, Status = 0x04, PageSize = 0x08, CommandRing = 0x18;
        public const int ContextBaseArray = 0x30, Configure = 0x38, PortBase = 0x400;

        public static int PortStatus(int port) => PortBase + port * 0x10;

        // USBCMD and USBSTS.
        public const uint Run = 1, HostReset = 1 << 1, InterrupterEnable = 1 << 2, SystemErrorEnable = 1 << 3;
        public const uint Halted = 1, SystemError = 1 << 2, EventInterrupt = 1 << 3, PortChange = 1 << 4;
        public const uint NotReady = 1 << 11, ControllerError = 1 << 12;

        // CRCR: the ring's cycle state in bit 0.
        public const uint RingCycle = 1;

        // Runtime registers: interrupter 0's management, moderation, event ring segment table
        // size and base, and dequeue pointer.
        public const int Interrupter0 = 0x20;
        public const int InterrupterManagement = Interrupter0, InterrupterModeration = Interrupter0 + 4;
        public const int SegmentTableSize = Interrupter0 + 8, SegmentTableBase = Interrupter0 + 0x10, EventDequeue = Interrupter0 + 0x18;
        public const uint InterruptPending = 1, InterruptEnable = 1 << 1;     // IMAN: IP is write-1-to-clear
        public const uint EventHandlerBusy = 1 << 3;                          // ERDP: write-1-to-clear

        // PORTSC (xHCI 5.4.8). Its change bits and PED are write-1-to-clear (a 1 written to PED
        // disables the port): every write starts from Neutral(read), which keeps only the bits
        // a write leaves as they are, then adds what it means to set.
        public const uint Connected = 1, Enabled = 1 << 1, PortReset = 1 << 4, PortPower = 1 << 9;
        public const uint ConnectChange = 1 << 17, EnableChange = 1 << 18, WarmResetChange = 1 << 19;
        public const uint OverCurrentChange = 1 << 20, ResetChange = 1 << 21, LinkStateChange = 1 << 22, ConfigErrorChange = 1 << 23;
        public const uint ChangeBits = ConnectChange | EnableChange | WarmResetChange | OverCurrentChange | ResetChange | LinkStateChange | ConfigErrorChange;
        public const uint WarmPortReset = 1u << 31;
        private const uint ReadOnly = 1 | 1 << 3 | 0xF << 10 | 1 << 30, KeptWhenWritten = 0xF << 5 | 1 << 9 | 3 << 14 | 7 << 25;

        public static uint Neutral(uint portStatus) => portStatus & (ReadOnly | KeptWhenWritten);

        // PORTSC.PLS: Polling is a USB 3 link still training with a device found on it.
        public static int LinkState(uint portStatus) => (int)((portStatus >> 5) & 0xF);
        public const int LinkPolling = 7;

        // The speed a port's device came up at, as the default Protocol Speed IDs number it.
        public static int PortSpeed(uint portStatus) => (int)((portStatus >> 10) & 0xF);

        // An extended capability's id, and the next one's distance in words (0: the last).
        public static int CapabilityId(uint word) => (int)(word & 0xFF);
        public static int NextCapability(uint word) => (int)((word >> 8) & 0xFF) * 4;

        // USB Legacy Support (id 1, xHCI 7.1): the firmware's and the system's semaphores in its
        // first word; its second word's SMI enables (cleared) and SMI events (write-1-to-clear).
        public const int LegacySupportId = 1, SupportedProtocolId = 2;
        public const uint FirmwareOwns = 1 << 16, SystemOwns = 1 << 24;
        public const uint SmiEnablesKept = 0xE1FEE, SmiEvents = 0xE000_0000;

        // Intel's switchable xHCI controllers (Panther Point, Lynx Point, Wildcat Point and their
        // LP parts, as Linux's usb_is_intel_switchable_xhci lists them): the firmware may leave
        // their USB 2 ports routed to the EHCI controllers and their USB 3 ones switched off. In
        // configuration space, XUSB2PR and USB3_PSSEN take the ports the masks XUSB2PRM and
        // USB3PRM say may be switched.
        public static bool IntelSwitchable(ushort vendor, ushort device) =>
            vendor == 0x8086 && device is 0x1E31 or 0x8C31 or 0x9C31 or 0x8CB1 or 0x9CB1;
        public const int Usb2Routing = 0xD0, Usb2RoutingMask = 0xD4, SuperSpeedEnable = 0xD8, SuperSpeedEnableMask = 0xDC;

        // Supported Protocol (id 2, xHCI 7.2): the USB major revision in the first word's top
        // byte; the first port (numbered from 1) and how many in the third word.
        public static int ProtocolMajor(uint word0) => (int)(word0 >> 24);
        public static int FirstPort(uint word2) => (int)(word2 & 0xFF) - 1;
        public static int PortCount(uint word2) => (int)((word2 >> 8) & 0xFF);
    }
}
