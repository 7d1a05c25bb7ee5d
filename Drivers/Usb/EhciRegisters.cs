namespace Lunix.Drivers.Usb
{
    // The host controller's registers (EHCI 1.0, chapter 2): the capability registers at the
    // BAR's start, the operational registers CAPLENGTH bytes further, and in PCI configuration
    // space the legacy-support capability that EECP points to.
    public static class EhciRegisters
    {
        // Capability registers (CAPLENGTH is the low byte of the first word).
        public const int CapLength = 0x00, StructuralParameters = 0x04, CapabilityParameters = 0x08;

        // HCSPARAMS: the root hub's ports, and whether the driver switches their power (PPC).
        public static int PortCount(uint structural) => (int)(structural & 0xF);
        public static bool PortPowerControl(uint structural) => (structural & (1 << 4)) != 0;

        // HCCPARAMS: 64-bit descriptors (then CTRLDSSEGMENT holds their upper half), and EECP,
        // the configuration-space offset of the first extended capability (0: none).
        public static bool Addresses64(uint capability) => (capability & 1) != 0;
        public static int ExtendedCapabilities(uint capability) => (int)((capability >> 8) & 0xFF);

        // Operational registers, from CAPLENGTH.
        public const int Command = 0x00, Status = 0x04, InterruptEnable = 0x08, FrameIndex = 0x0C;
        public const int SegmentSelector = 0x10, PeriodicListBase = 0x14, AsyncListAddress = 0x18;
        public const int ConfigFlag = 0x40, PortStatusBase = 0x44;

        public static int PortStatus(int port) => PortStatusBase + port * 4;

        // USBCMD. The interrupt threshold (bits 23:16) in micro-frames: 1, the least latency.
        public const uint Run = 1, HostReset = 1 << 1, PeriodicEnable = 1 << 4, AsyncEnable = 1 << 5;
        public const uint OneMicroframeThreshold = 1 << 16;

        // USBSTS: the interrupt causes (write 1 to clear) and the states.
        public const uint TransferDone = 1, TransferError = 1 << 1, PortChange = 1 << 2, FrameRollover = 1 << 3;
        public const uint SystemError = 1 << 4, AsyncAdvance = 1 << 5, Halted = 1 << 12;
        public const uint AllCauses = TransferDone | TransferError | PortChange | FrameRollover | SystemError | AsyncAdvance;

        // PORTSC. Connect, enable and over-current changes are write-1-to-clear: every write
        // of the register masks them so as not to clear a change by accident.
        public const uint Connected = 1, ConnectChange = 1 << 1, Enabled = 1 << 2, EnableChange = 1 << 3;
        public const uint OverCurrentChange = 1 << 5, PortReset = 1 << 8, Power = 1 << 12, CompanionOwns = 1 << 13;
        public const uint ChangeBits = ConnectChange | EnableChange | OverCurrentChange;
        public const uint LineStatusMask = 3 << 10, LineStatusK = 1 << 10;     // K-state: a low-speed device

        // The legacy-support capability (USBLEGSUP, EHCI 5.1) in configuration space: its id, and
        // the semaphores (bytes 2 and 3, bit 0 each) the firmware and the system own it by.
        public const int LegacySupportId = 1;
        public const uint FirmwareOwns = 1 << 16, SystemOwns = 1 << 24;
    }
}
