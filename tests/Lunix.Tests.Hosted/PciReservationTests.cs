using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Bus.Pci;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // A driver reserving its device from the PCI server (Drivers/Bus/Pci/PciReservations.cs):
    // only a driver whose manifest entry names the device may, one slot at a time, the same slot
    // again after a restart; the device's BARs and interrupt line go to the driver's privileges
    // and its decoding and bus mastering are switched on.
    public sealed class PciReservationTests
    {
        private const int AhciSlot = 65, AtaSlot = 71, TestSlot = 120;

        private sealed class RecordedPrivileges : IDriverPrivileges
        {
            public readonly List<string> Added = new();
            public long Refusal;

            public long AddPorts(int endpoint, ulong first, ulong last) => Add($"{endpoint} ports 0x{first:x}-0x{last:x}");
            public long AddMemory(int endpoint, ulong physical, ulong length) => Add($"{endpoint} memory 0x{physical:x}+0x{length:x}");
            public long AddIrq(int endpoint, int line) => Add($"{endpoint} irq {line}");

            private long Add(string what)
            {
                if (Refusal != 0) return Refusal;
                Added.Add(what);
                return 0;
            }
        }

        private readonly SimulatedPciSpace _space = new();
        private readonly SimulatedPciFunction _ahci;
        private readonly RecordedPrivileges _privileges = new();
        private readonly PciBus _bus;
        private readonly PciReservations _reservations;
        private readonly int _ahciIndex, _ideIndex;

        public PciReservationTests()
        {
            _space.Add(0, 0, 0, 0x8086, 0x29C0, 0x060000);
            _space.Add(0, 0x1F, 0, 0x8086, 0x2918, 0x060100, headerType: 0x80);
            _space.Add(0, 1, 0, 0x8086, 0x7000, 0x060100, headerType: 0x80);
            _ahci = _space.Add(0, 0x1F, 2, 0x8086, 0x2922, 0x010601);
            SimulatedPciSpace.IoBar(_ahci, 4, 0xC040, 32);
            SimulatedPciSpace.MemoryBar(_ahci, 5, 0xFEBF_1000, 4096);
            _ahci.Registers[15] = 0x0100 | 10;         // INTA, line 10
            _ahci.Registers[1] = 1 << 10;              // the firmware left INTx disabled
            var ide = _space.Add(0, 1, 1, 0x8086, 0x7010, 0x010180);
            SimulatedPciSpace.IoBar(ide, 4, 0xC000, 16);
            _bus = new PciBus(_space);
            _bus.Walk();
            PciEntitlement[] entitlements =
            {
                new(AhciSlot, 0x8086, 0x2922, 0, 0),
                new(AtaSlot, PciRequests.AnyId, PciRequests.AnyId, 0x010100, 0xFFFF00),
            };
            _reservations = new PciReservations(_bus, entitlements, _privileges);
            _ahciIndex = _bus.Find(PciAddress.Of(0, 0x1F, 2));
            _ideIndex = _bus.Find(PciAddress.Of(0, 1, 1));
        }

        [Fact]
        public void An_entitled_driver_gets_the_bars_the_line_decoding_and_bus_mastering()
        {
            Assert.Equal(0, _reservations.Reserve(_ahciIndex, AhciSlot));
            Assert.Equal(new[] { "65 ports 0xc040-0xc05f", "65 memory 0xfebf1000+0x1000", "65 irq 10" }, _privileges.Added);
            Assert.Equal(AhciSlot, _reservations.HolderOf(_ahciIndex));
            uint command = _ahci.Registers[1];
            Assert.Equal(7u, command & 7);                 // I/O, memory, bus master
            Assert.Equal(0u, command & (1 << 10));         // INTx on
        }

        [Fact]
        public void A_class_entitlement_covers_a_device_of_that_class()
        {
            Assert.Equal(0, _reservations.Reserve(_ideIndex, AtaSlot));
            Assert.Equal(new[] { "71 ports 0xc000-0xc00f" }, _privileges.Added);
        }

        [Fact]
        public void A_driver_without_entitlement_is_refused_and_gets_nothing()
        {
            Assert.Equal(-(long)LinuxErrno.EPERM, _reservations.Reserve(_ahciIndex, TestSlot));
            Assert.Equal(-(long)LinuxErrno.EPERM, _reservations.Reserve(_ideIndex, AhciSlot));
            Assert.Empty(_privileges.Added);
            Assert.Equal(Endpoint.None, _reservations.HolderOf(_ahciIndex));
            Assert.Equal(0u, _ahci.Registers[1] & 7);
        }

        [Fact]
        public void A_device_held_by_one_slot_is_busy_for_another()
        {
            var entitlements = new PciEntitlement[] { new(AhciSlot, 0x8086, 0x2922, 0, 0), new(AtaSlot, 0x8086, 0x2922, 0, 0) };
            var reservations = new PciReservations(_bus, entitlements, _privileges);
            Assert.Equal(0, reservations.Reserve(_ahciIndex, AhciSlot));
            Assert.Equal(-(long)LinuxErrno.EBUSY, reservations.Reserve(_ahciIndex, AtaSlot));
            Assert.Equal(AhciSlot, reservations.HolderOf(_ahciIndex));
        }

        [Fact]
        public void A_restarted_driver_reserves_its_device_again_with_a_new_endpoint()
        {
            Assert.Equal(0, _reservations.Reserve(_ahciIndex, AhciSlot));
            int restarted = Endpoint.Make(3, AhciSlot);
            Assert.Equal(0, _reservations.Reserve(_ahciIndex, restarted));
            Assert.Equal(restarted, _reservations.HolderOf(_ahciIndex));
            Assert.Equal(6, _privileges.Added.Count);
        }

        [Fact]
        public void A_refusal_by_the_kernel_is_the_answer_and_nobody_holds_the_device()
        {
            _privileges.Refusal = -(long)LinuxErrno.ENOSPC;
            Assert.Equal(-(long)LinuxErrno.ENOSPC, _reservations.Reserve(_ahciIndex, AhciSlot));
            Assert.Equal(Endpoint.None, _reservations.HolderOf(_ahciIndex));
        }

        // WriteConfig: the holder writes its device's own registers (EHCI's USBLEGSUP
        // semaphores), a byte at a time without disturbing its neighbours; nobody else may, and
        // nobody may touch the header (BARs, command, interrupt line) this way.
        [Fact]
        public void Only_the_holder_writes_the_device_specific_registers()
        {
            const int Endpoint = AhciSlot;
            _ahci.Registers[0x68 / 4] = 0x0001_2001;            // a USBLEGSUP: id 1, next 0x20, firmware's semaphore
            Assert.Equal(-(long)LinuxErrno.EPERM, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x6B, 1, 1));    // not reserved yet
            Assert.Equal(0, _reservations.Reserve(_ahciIndex, Endpoint));
            Assert.Equal(0, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x6B, 1, 1));
            Assert.Equal(0x0101_2001u, _ahci.Registers[0x68 / 4]);
            Assert.Equal(0, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x6A, 1, 0));
            Assert.Equal(0x0100_2001u, _ahci.Registers[0x68 / 4]);
            Assert.Equal(0, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x6C, 4, 0xE000_0000));
            Assert.Equal(0xE000_0000u, _ahci.Registers[0x6C / 4]);
            Assert.Equal(-(long)LinuxErrno.EPERM, _reservations.WriteConfig(_ahciIndex, AtaSlot, 0x6B, 1, 0));
            Assert.Equal(-(long)LinuxErrno.EINVAL, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x3C, 1, 5));    // the interrupt line
            Assert.Equal(-(long)LinuxErrno.EINVAL, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x10, 4, 0));    // a BAR
            Assert.Equal(-(long)LinuxErrno.EINVAL, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x6A, 4, 0));    // not aligned
            Assert.Equal(-(long)LinuxErrno.EINVAL, _reservations.WriteConfig(_ahciIndex, Endpoint, 0xFE, 4, 0));    // past the end
            Assert.Equal(-(long)LinuxErrno.EINVAL, _reservations.WriteConfig(_ahciIndex, Endpoint, 0x68, 3, 0));
        }

        [Fact]
        public void Presence_is_the_first_entitled_function()
        {
            Assert.Equal(_ahciIndex, _reservations.FirstEntitled(AhciSlot));
            Assert.Equal(_ideIndex, _reservations.FirstEntitled(AtaSlot));
            Assert.Equal(-1, _reservations.FirstEntitled(TestSlot));
        }
    }
}
