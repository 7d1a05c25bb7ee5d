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
