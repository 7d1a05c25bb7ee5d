namespace Lunix.Drivers.Storage.Ahci
{
    // The HBA's registers (AHCI 1.3.1, chapter 3): the generic host control at the ABAR's start,
    // then 0x80 bytes per port from 0x100.
    public static class AhciRegisters
    {
        // Generic host control.
        public const int Capabilities = 0x00, GlobalControl = 0x04, InterruptStatus = 0x08, PortsImplemented = 0x0C;
        public const uint AhciEnable = 1u << 31, InterruptEnable = 1u << 1, HbaReset = 1;

        // A port's registers, from PortBase(port).
        public const int CommandListBase = 0x00, CommandListBaseUpper = 0x04, FisBase = 0x08, FisBaseUpper = 0x0C;
        public const int PortInterruptStatus = 0x10, PortInterruptEnable = 0x14, PortCommand = 0x18, TaskFile = 0x20;
        public const int Signature = 0x24, SataStatus = 0x28, SataControl = 0x2C, SataError = 0x30, CommandIssue = 0x38;

        // PxCMD.
        public const uint Start = 1, SpinUp = 1 << 1, PowerOn = 1 << 2, FisReceiveEnable = 1 << 4;
        public const uint FisReceiveRunning = 1 << 14, CommandListRunning = 1 << 15;

        // PxIS: the ends and the errors a command may raise. TaskFileError and the host bus
        // errors fail the command; the FIS arrivals end it.
        public const uint DeviceToHostFis = 1, PioSetupFis = 1 << 1, DmaSetupFis = 1 << 2, SetDeviceBitsFis = 1 << 3;
        public const uint InterfaceFatal = 1 << 27, HostBusData = 1 << 28, HostBusFatal = 1 << 29, TaskFileError = 1 << 30;
        public const uint Failures = InterfaceFatal | HostBusData | HostBusFatal | TaskFileError;
        public const uint Enabled = DeviceToHostFis | PioSetupFis | DmaSetupFis | SetDeviceBitsFis | Failures;

        // PxTFD's status byte, PxSSTS's device detection, PxSIG's device kinds.
        public const uint Busy = 0x80, DataRequest = 0x08, Error = 0x01;
        public const uint DevicePresent = 3;
        public const uint AtaSignature = 0x0000_0101, AtapiSignature = 0xEB14_0101;

        public const int Ports = 32;

        public static int PortBase(int port) => 0x100 + port * 0x80;
    }
}
