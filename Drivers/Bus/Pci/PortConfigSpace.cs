using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Bus.Pci
{
    // Configuration mechanism #1: the register's address written to CONFIG_ADDRESS (0xCF8), its
    // value read or written at CONFIG_DATA (0xCFC), each a DEVIO within the server's port range.
    internal sealed class PortConfigSpace : IPciConfigSpace
    {
        private const ushort ConfigAddress = 0xCF8, ConfigData = 0xCFC;

        public uint Read(int address, int offset)
        {
            Select(address, offset);
            long value = Syscalls.KernelCall(KernelCalls.DevIo, ConfigData, DevIo.InLong);
            return value < 0 ? 0xFFFF_FFFF : (uint)value;     // a refused read reads as no device
        }

        public void Write(int address, int offset, uint value)
        {
            Select(address, offset);
            Syscalls.KernelCall(KernelCalls.DevIo, ConfigData, DevIo.OutLong, value);
        }

        private static void Select(int address, int offset) =>
            Syscalls.KernelCall(KernelCalls.DevIo, ConfigAddress, DevIo.OutLong, 0x8000_0000u | (uint)address << 8 | (uint)(offset & 0xFC));
    }
}
