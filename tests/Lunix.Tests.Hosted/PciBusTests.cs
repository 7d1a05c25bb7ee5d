using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Drivers.Bus.Pci;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The PCI server's walk of configuration space (Drivers/Bus/Pci/PciBus.cs) over a simulated
    // bus: functions with registers that answer as hardware does (a BAR reads back its size mask
    // after all ones are written, read-only bits stay), bridges to further buses, multi-function
    // devices, and the configurations a walk must survive.
    public sealed class PciBusTests
    {
        [Fact]
        public void The_pc_machine_is_found_with_its_ids_classes_interrupts_and_bars()
        {
            var space = new SimulatedPciSpace();
            space.Add(0, 0, 0, 0x8086, 0x1237, 0x060000);
            space.Add(0, 1, 0, 0x8086, 0x7000, 0x060100, headerType: 0x80);
            var ide = space.Add(0, 1, 1, 0x8086, 0x7010, 0x010180);
            SimulatedPciSpace.IoBar(ide, 4, 0xC040, 16);
            var nic = space.Add(0, 3, 0, 0x8086, 0x100E, 0x020000);
            SimulatedPciSpace.MemoryBar(nic, 0, 0xFEBC_0000, 128 * 1024);
            SimulatedPciSpace.IoBar(nic, 1, 0xC000, 64);
            nic.Registers[15] = 0x0000_010B;                    // pin INTA, line 11
            nic.Registers[1] = 0x0000_0007;
            var bus = new PciBus(space);
            bus.Walk();

            Assert.Equal(4, bus.Count);
            Assert.Equal(PciAddress.Of(0, 1, 1), bus.At(2).Address);
            Assert.Equal(0x010180, bus.At(2).Class);
            ref readonly PciBar bar4 = ref bus.BarOf(2, 4);
            Assert.Equal((0xC040UL, 16UL, PciBarFlags.Io), (bar4.Base, bar4.Size, bar4.Flags));
            Assert.Equal(0UL, bus.BarOf(2, 0).Size);
            Assert.Equal((0xFEBC_0000UL, 128UL * 1024, 0), (bus.BarOf(3, 0).Base, bus.BarOf(3, 0).Size, bus.BarOf(3, 0).Flags));
            Assert.Equal((0xC000UL, 64UL), (bus.BarOf(3, 1).Base, bus.BarOf(3, 1).Size));
            Assert.Equal((11, 1), ((int)bus.At(3).InterruptLine, (int)bus.At(3).InterruptPin));
            // Sizing wrote every BAR back, and turned decoding off and then back on.
            Assert.Equal(0xFEBC_0000u, nic.Registers[4]);
            Assert.Equal(0xC001u, nic.Registers[5]);
            Assert.Equal(new List<uint> { 4, 7 }, nic.CommandsWritten);
        }

        [Fact]
        public void A_64_bit_prefetchable_bar_takes_two_registers_and_its_size_may_pass_4_GiB()
        {
            var space = new SimulatedPciSpace();
            var gpu = space.Add(0, 2, 0, 0x1234, 0x5678, 0x030000);
            gpu.BarMasks[0] = 0x0000_0000;                      // 8 GiB: the low register's size bits are all base
            gpu.BarMasks[1] = 0xFFFF_FFFE;
            gpu.Registers[4] = 0x0000_000C;                     // memory, 64-bit, prefetchable
            gpu.Registers[5] = 0x0000_0008;                     // base 0x8_0000_0000
            SimulatedPciSpace.MemoryBar(gpu, 2, 0xFD00_0000, 16 * 1024 * 1024);
            var bus = new PciBus(space);
            bus.Walk();
            ref readonly PciBar wide = ref bus.BarOf(0, 0);
            Assert.Equal(PciBarFlags.Wide | PciBarFlags.Prefetchable, wide.Flags);
            Assert.Equal(0x8_0000_0000UL, wide.Base);
            Assert.Equal(8UL << 30, wide.Size);
            Assert.Equal(0UL, bus.BarOf(0, 1).Size);            // the upper half is not a BAR of its own
            Assert.Equal(16UL << 20, bus.BarOf(0, 2).Size);
        }

        [Fact]
        public void Buses_behind_bridges_are_walked_once_even_when_bridges_point_back()
        {
            var space = new SimulatedPciSpace();
            space.Add(0, 0, 0, 0x8086, 0x29C0, 0x060000);
            var bridge = space.Add(0, 30, 0, 0x8086, 0x244E, 0x060400, headerType: 1);
            bridge.Registers[6] = 0x0000_0100 | 0x05 << 8;      // primary 0, secondary 5
            space.Add(5, 0, 0, 0x1AF4, 0x1001, 0x010000);
            var loop = space.Add(5, 1, 0, 0x8086, 0x244E, 0x060400, headerType: 1);
            loop.Registers[6] = 0x0000_0005;                    // secondary 0: bus 0 again
            var bus = new PciBus(space);
            bus.Walk();
            Assert.Equal(4, bus.Count);
            Assert.Equal(PciAddress.Of(5, 0, 0), bus.At(2).Address);
            var find = new PciFind { Vendor = 0x1AF4, Device = PciRequests.AnyId };
            Assert.Equal(2, bus.FindMatch(in find, 0));
            Assert.Equal(-1, bus.FindMatch(in find, 1));
        }

        [Fact]
        public void Only_multi_function_devices_have_their_other_functions_read()
        {
            var space = new SimulatedPciSpace();
            space.Add(0, 4, 0, 0x1111, 0x0001, 0x020000);       // single-function: a function 1 there is a ghost
            space.Add(0, 4, 1, 0x1111, 0x0002, 0x020000);
            space.Add(0, 5, 0, 0x2222, 0x0001, 0x0C0300, headerType: 0x80);
            space.Add(0, 5, 7, 0x2222, 0x0002, 0x0C0320);
            var bus = new PciBus(space);
            bus.Walk();
            Assert.Equal(3, bus.Count);
            Assert.Equal(-1, bus.Find(PciAddress.Of(0, 4, 1)));
            Assert.Equal(2, bus.Find(PciAddress.Of(0, 5, 7)));
            Assert.Equal("USB EHCI controller", PciClassNames.Of(bus.At(2).Class));
        }

        [Fact]
        public void More_functions_than_the_table_holds_are_reported_not_overrun()
        {
            var space = new SimulatedPciSpace();
            for (int bus = 0; bus < 3; bus++)
                for (int device = 0; device < 32; device++)
                    space.Add(bus, device, 0, 0x3333, (ushort)(bus * 32 + device), 0x020000, headerType: (byte)(device == 31 && bus < 2 ? 1 : 0));
            space.Functions[PciAddress.Of(0, 31, 0)].Registers[6] = 1 << 8;
            space.Functions[PciAddress.Of(1, 31, 0)].Registers[6] = 2 << 8;
            var walk = new PciBus(space);
            walk.Walk();
            Assert.Equal(PciBus.Capacity, walk.Count);
            Assert.True(walk.Overflowed);
        }

        [Fact]
        public void Class_and_id_matching_follows_the_mask_and_any_id()
        {
            var function = new PciFunction { Vendor = 0x8086, Device = 0x2922, Class = 0x010601 };
            Assert.True(function.Matches(new PciFind { Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = 0x010600, ClassMask = 0xFFFF00 }));
            Assert.False(function.Matches(new PciFind { Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = 0x010600, ClassMask = 0xFFFFFF }));
            Assert.True(function.Matches(new PciFind { Vendor = 0x8086, Device = PciRequests.AnyId }));
            Assert.False(function.Matches(new PciFind { Vendor = 0x8086, Device = 0x2920 }));
            Assert.Equal("SATA controller (AHCI)", PciClassNames.Of(function.Class));
        }
    }
}
