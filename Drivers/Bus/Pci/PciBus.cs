using Lunix.Abi;

namespace Lunix.Drivers.Bus.Pci
{
    // The walk of configuration space at start (MINIX's pci probe_bus): bus 0, and every bus a
    // PCI-to-PCI bridge leads to, each bus once whatever its bridges say (a bridge that names a
    // bus already walked, or its own, is skipped); each device's function 0, and functions 1..7
    // when its header type says multi-function. Each function's identity, interrupt line and
    // base address registers are recorded; a BAR is sized by writing all ones and reading back,
    // with the function's I/O and memory decoding off meanwhile and everything put back after.
    public sealed class PciBus
    {
        public const int Capacity = 64;
        public const int BarsPerFunction = 6;
        private const int Vendor = 0x00, Command = 0x04, ClassRevision = 0x08, HeaderTypeRegister = 0x0C;
        private const int FirstBar = 0x10, BusNumbers = 0x18, Interrupt = 0x3C;
        private const ushort NoDevice = 0xFFFF;
        private const uint DecodeBits = 3;          // the command register's I/O and memory space enables

        private readonly IPciConfigSpace _space;
        private readonly PciFunction[] _functions = new PciFunction[Capacity];
        private readonly PciBar[] _bars = new PciBar[Capacity * BarsPerFunction];
        private readonly bool[] _walked = new bool[256];

        public int Count { get; private set; }
        public bool Overflowed { get; private set; }  // more functions than Capacity: the rest are not served

        public PciBus(IPciConfigSpace space) => _space = space;

        public ref readonly PciFunction At(int index) => ref _functions[index];
        public ref readonly PciBar BarOf(int index, int bar) => ref _bars[index * BarsPerFunction + bar];

        public void Walk() => WalkBus(0);

        // The index of the function at `address`, or -1.
        public int Find(int address)
        {
            for (int i = 0; i < Count; i++) if (_functions[i].Address == address) return i;
            return -1;
        }

        // The `nth` function (from 0) that matches, or -1.
        public int FindMatch(in PciFind find, int nth)
        {
            for (int i = 0; i < Count; i++)
                if (_functions[i].Matches(in find) && nth-- == 0) return i;
            return -1;
        }

        public uint ReadRegister(int address, int offset) => _space.Read(address, offset);

        public void WriteRegister(int address, int offset, uint value) => _space.Write(address, offset, value);

        // Sets the `on` bits of the command register and clears the `off` ones (the status half
        // of the register is written as zeros, which leaves its write-one-to-clear bits alone).
        public void SetCommand(int address, uint on, uint off)
        {
            uint command = _space.Read(address, Command) & 0xFFFF;
            _space.Write(address, Command, (command | on) & ~off);
        }

        private void WalkBus(int bus)
        {
            if (_walked[bus]) return;
            _walked[bus] = true;
            for (int device = 0; device < 32; device++)
            {
                if ((ushort)_space.Read(PciAddress.Of(bus, device, 0), Vendor) == NoDevice) continue;
                bool multiFunction = (_space.Read(PciAddress.Of(bus, device, 0), HeaderTypeRegister) & 0x80_0000) != 0;
                for (int function = 0; function < (multiFunction ? 8 : 1); function++)
                    Record(PciAddress.Of(bus, device, function));
            }
        }

        private void Record(int address)
        {
            uint ids = _space.Read(address, Vendor);
            if ((ushort)ids == NoDevice) return;
            if (Count == Capacity)
            {
                Overflowed = true;
                return;
            }
            uint classRevision = _space.Read(address, ClassRevision);
            uint interrupt = _space.Read(address, Interrupt);
            int index = Count++;
            ref PciFunction function = ref _functions[index];
            function.Address = address;
            function.Vendor = (ushort)ids;
            function.Device = (ushort)(ids >> 16);
            function.Class = (int)(classRevision >> 8);
            function.Revision = (byte)classRevision;
            function.HeaderType = (byte)((_space.Read(address, HeaderTypeRegister) >> 16) & 0x7F);
            function.InterruptLine = (byte)interrupt;
            function.InterruptPin = (byte)(interrupt >> 8);
            int bars = function.HeaderType == 0 ? 6 : function.HeaderType == 1 ? 2 : 0;
            if (bars > 0) SizeBars(index, address, bars);
            if (function.HeaderType == 1) WalkBus((int)((_space.Read(address, BusNumbers) >> 8) & 0xFF));    // the bridge's secondary bus
        }

        private void SizeBars(int index, int address, int count)
        {
            uint command = _space.Read(address, Command);
            _space.Write(address, Command, command & ~DecodeBits & 0xFFFF);
            for (int bar = 0; bar < count; bar++)
                if (SizeBar(address, FirstBar + 4 * bar, bar + 1 < count, out _bars[index * BarsPerFunction + bar])) bar++;
            _space.Write(address, Command, command & 0xFFFF);
        }

        // Sizes the BAR at `register`; true when it was a 64-bit one (the next register is its upper half).
        private bool SizeBar(int address, int register, bool hasNext, out PciBar bar)
        {
            bar = default;
            uint low = _space.Read(address, register);
            _space.Write(address, register, 0xFFFF_FFFF);
            uint lowMask = _space.Read(address, register);
            _space.Write(address, register, low);
            if ((low & 1) != 0)
            {
                uint sizeMask = lowMask & 0xFFFF_FFFC;
                if (sizeMask == 0) return false;
                bar.Flags = PciBarFlags.Io;
                bar.Base = low & 0xFFFF_FFFC;
                bar.Size = (~sizeMask + 1) & 0xFFFF;       // x86 I/O space is 64 KiB: the upper bits may read as 0
                return false;
            }
            bool wide = ((low >> 1) & 3) == 2 && hasNext;
            ulong mask = lowMask & 0xFFFF_FFF0;
            ulong baseAddress = low & 0xFFFF_FFF0;
            if (wide)
            {
                uint high = _space.Read(address, register + 4);
                _space.Write(address, register + 4, 0xFFFF_FFFF);
                uint highMask = _space.Read(address, register + 4);
                _space.Write(address, register + 4, high);
                mask |= (ulong)highMask << 32;
                baseAddress |= (ulong)high << 32;
            }
            else mask |= 0xFFFF_FFFF_0000_0000;
            if ((mask & 0xFFFF_FFF0) == 0 && (mask >> 32) == (wide ? 0 : 0xFFFF_FFFF)) return wide;
            bar.Flags = (wide ? PciBarFlags.Wide : 0) | ((low & 8) != 0 ? PciBarFlags.Prefetchable : 0);
            bar.Base = baseAddress;
            bar.Size = ~mask + 1;
            return wide;
        }
    }
}
