using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Drivers.Bus.Pci;

namespace Lunix.Tests.Hosted
{
    // A simulated PCI bus for the PCI server's tests (PciBusTests, PciReservationTests): functions
    // with registers that answer as hardware does (a BAR reads back its size mask after all ones
    // are written, read-only bits stay).

    // A function's 64 registers; `BarMasks` the writable bits of each BAR (0: not implemented).
    internal sealed class SimulatedPciFunction
    {
        public readonly uint[] Registers = new uint[64];
        public readonly uint[] BarMasks = new uint[6];
        public readonly List<uint> CommandsWritten = new();
    }

    internal sealed class SimulatedPciSpace : IPciConfigSpace
    {
        public readonly Dictionary<int, SimulatedPciFunction> Functions = new();
        public int Reads;

        public SimulatedPciFunction Add(int bus, int device, int function, ushort vendor, ushort deviceId, int classCode, byte headerType = 0)
        {
            var f = new SimulatedPciFunction();
            f.Registers[0] = (uint)(deviceId << 16 | vendor);
            f.Registers[2] = (uint)(classCode << 8 | 0x02);
            f.Registers[3] = (uint)headerType << 16;
            Functions[PciAddress.Of(bus, device, function)] = f;
            return f;
        }

        public uint Read(int address, int offset)
        {
            Reads++;
            return Functions.TryGetValue(address, out var f) ? f.Registers[offset / 4] : 0xFFFF_FFFF;
        }

        public void Write(int address, int offset, uint value)
        {
            if (!Functions.TryGetValue(address, out var f)) return;
            int register = offset / 4;
            if (register == 1) f.CommandsWritten.Add(value);
            if (register >= 4 && register < 10)
            {
                uint readOnly = ~f.BarMasks[register - 4];
                f.Registers[register] = (f.Registers[register] & readOnly) | (value & f.BarMasks[register - 4]);
                return;
            }
            f.Registers[register] = value;
        }

        public static void IoBar(SimulatedPciFunction f, int bar, uint port, uint size)
        {
            f.BarMasks[bar] = ~(size - 1) & 0xFFFF_FFFC;
            f.Registers[4 + bar] = port | 1;
        }

        public static void MemoryBar(SimulatedPciFunction f, int bar, uint address, uint size, bool prefetchable = false)
        {
            f.BarMasks[bar] = ~(size - 1) & 0xFFFF_FFF0;
            f.Registers[4 + bar] = address | (prefetchable ? 8u : 0);
        }
    }
}
