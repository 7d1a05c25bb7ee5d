namespace Lunix.Drivers.Bus.Pci
{
    // Configuration space, 32 bits at a time: the ports of configuration mechanism #1 in the
    // server (PortConfigSpace), a simulated bus in the hosted tests. `address` is a PciAddress,
    // `offset` a register's byte offset (a multiple of 4).
    public interface IPciConfigSpace
    {
        uint Read(int address, int offset);
        void Write(int address, int offset, uint value);
    }
}
