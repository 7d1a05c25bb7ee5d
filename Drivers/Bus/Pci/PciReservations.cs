using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Bus.Pci
{
    // Which driver holds which function (MINIX's pci_reserve and its ACL check). A driver may
    // reserve a function its manifest entry names (an entitlement for its slot); a function is
    // held by one slot at a time, and the same slot may reserve it again: a driver RS restarted,
    // whatever its new endpoint, runs in its old slot. Reserving adds the function's I/O ranges,
    // memory ranges and interrupt line to the driver's privileges and switches on what the driver
    // needs of it (decoding, bus mastering, INTx). A reservation the kernel refused part-way keeps
    // what was added: the driver's privileges are its manifest's again at its next start.
    public sealed class PciReservations
    {
        private const uint IoSpace = 1, MemorySpace = 2, BusMaster = 4, InterruptDisable = 1 << 10;
        private const byte NoLine = 0xFF;

        private readonly PciBus _bus;
        private readonly PciEntitlement[] _entitlements;
        private readonly IDriverPrivileges _privileges;
        private readonly int[] _holders = new int[PciBus.Capacity];

        public PciReservations(PciBus bus, PciEntitlement[] entitlements, IDriverPrivileges privileges)
        {
            _bus = bus;
            _entitlements = entitlements;
            _privileges = privileges;
            _holders.AsSpan().Fill(Endpoint.None);
        }

        // The endpoint holding function `index`, or Endpoint.None.
        public int HolderOf(int index) => _holders[index];

        // 0, or -EPERM (not entitled), -EBUSY (held by another slot), the kernel's error.
        public long Reserve(int index, int endpoint)
        {
            ref readonly PciFunction function = ref _bus.At(index);
            if (!IsEntitled(Endpoint.SlotOf(endpoint), in function)) return -(long)LinuxErrno.EPERM;
            int holder = _holders[index];
            if (holder != Endpoint.None && Endpoint.SlotOf(holder) != Endpoint.SlotOf(endpoint)) return -(long)LinuxErrno.EBUSY;
            uint command = BusMaster;
            for (int bar = 0; bar < PciBus.BarsPerFunction; bar++)
            {
                ref readonly PciBar b = ref _bus.BarOf(index, bar);
                if (b.Size == 0) continue;
                bool io = (b.Flags & PciBarFlags.Io) != 0;
                long added = io ? _privileges.AddPorts(endpoint, b.Base, b.Base + b.Size - 1) : _privileges.AddMemory(endpoint, b.Base, b.Size);
                if (added != 0) return added;
                command |= io ? IoSpace : MemorySpace;
            }
            if (function.InterruptPin != 0 && function.InterruptLine != NoLine)
            {
                long added = _privileges.AddIrq(endpoint, function.InterruptLine);
                if (added != 0) return added;
            }
            _holders[index] = endpoint;
            _bus.SetCommand(function.Address, command, InterruptDisable);
            return 0;
        }

        public const int DeviceSpecific = 0x40;         // where a function's own registers start, past the header

        // A register of the device-specific part of configuration space written for the driver
        // holding function `index`: 0, -EPERM for any other caller, -EINVAL for an offset in
        // the header or not aligned to `width` (1, 2 or 4). The bytes around a narrower write
        // are written back as they were read.
        public long WriteConfig(int index, int endpoint, int offset, int width, uint value)
        {
            int holder = _holders[index];
            if (holder == Endpoint.None || Endpoint.SlotOf(holder) != Endpoint.SlotOf(endpoint)) return -(long)LinuxErrno.EPERM;
            if (width is not (1 or 2 or 4) || offset < DeviceSpecific || offset > 256 - width || offset % width != 0) return -(long)LinuxErrno.EINVAL;
            int address = _bus.At(index).Address, shift = 8 * (offset & 3);
            uint mask = width == 4 ? 0xFFFF_FFFF : ((1u << (8 * width)) - 1) << shift;
            uint register = _bus.ReadRegister(address, offset & ~3);
            _bus.WriteRegister(address, offset & ~3, (register & ~mask) | ((value << shift) & mask));
            return 0;
        }

        // The first function the program in `slot` may reserve, or -1.
        public int FirstEntitled(int slot)
        {
            for (int i = 0; i < _bus.Count; i++)
                if (IsEntitled(slot, in _bus.At(i))) return i;
            return -1;
        }

        private bool IsEntitled(int slot, in PciFunction function)
        {
            foreach (ref readonly PciEntitlement entitlement in _entitlements.AsSpan())
                if (entitlement.Slot == slot && function.Matches(in entitlement.Match)) return true;
            return false;
        }
    }
}
