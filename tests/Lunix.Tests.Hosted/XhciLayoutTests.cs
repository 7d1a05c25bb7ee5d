using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;
using Lunix.Drivers.Usb;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The bytes the USB driver's xHCI side (Drivers/Usb) hands the controller and reads back,
    // against xHCI 1.2: TRBs, the rings' wrap through the Link TRB with the cycle bit, the
    // event ring's consumer cycle, the device and input contexts, and the decoding of the
    // controller's registers.
    public sealed class XhciLayoutTests
    {
        private const ulong RingPhysical = 0x0012_3000;

        private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

        // TRBs ---------------------------------------------------------------------------

        [Fact]
        public void A_setup_stage_trb_carries_the_request_inline_and_says_where_the_data_goes()
        {
            Trb setup = TrbLayouts.SetupTrb(0x0012_0000_0100_0680, 18, dataIn: true);
            Assert.Equal(0x0012_0000_0100_0680ul, setup.Parameter);
            Assert.Equal(8u, setup.Status);                                  // TRB transfer length: the 8-byte packet
            Assert.Equal(TrbLayouts.SetupStage, setup.Type);
            Assert.NotEqual(0u, setup.Control & TrbLayouts.ImmediateData);
            Assert.Equal(3u, (setup.Control >> 16) & 3);                     // TRT: IN data stage
            Assert.Equal(2u, (TrbLayouts.SetupTrb(0, 4, false).Control >> 16) & 3);
            Assert.Equal(0u, (TrbLayouts.SetupTrb(0, 0, false).Control >> 16) & 3);
        }

        [Fact]
        public void The_status_stage_goes_the_other_way_from_the_data_and_in_when_there_is_none()
        {
            Assert.Equal(0u, TrbLayouts.StatusTrb(18, dataIn: true).Control & TrbLayouts.DirectionIn);
            Assert.NotEqual(0u, TrbLayouts.StatusTrb(4, dataIn: false).Control & TrbLayouts.DirectionIn);
            Assert.NotEqual(0u, TrbLayouts.StatusTrb(0, dataIn: false).Control & TrbLayouts.DirectionIn);
            Assert.NotEqual(0u, TrbLayouts.StatusTrb(0, false).Control & TrbLayouts.InterruptOnCompletion);
            Trb data = TrbLayouts.DataTrb(0x5000, 18, dataIn: true);
            Assert.Equal(TrbLayouts.DataStage, data.Type);
            Assert.Equal(18u, data.Status);
            Assert.NotEqual(0u, data.Control & (TrbLayouts.DirectionIn | TrbLayouts.InterruptOnShort));
        }

        [Theory]
        [InlineData(0x10000ul, 65536, 65536)]       // aligned: one whole TRB
        [InlineData(0x1F000ul, 65536, 4096)]        // 4 KiB to the boundary
        [InlineData(0x1F000ul, 1000, 1000)]         // all of it fits
        [InlineData(0x2FFFFul, 65536, 1)]           // one byte before the boundary
        public void A_normal_trb_never_crosses_a_64_KiB_boundary(ulong physical, int left, int expected)
        {
            Assert.Equal(expected, TrbLayouts.PieceBytes(physical, left));
            Assert.True((physical & 0xFFFF) + (ulong)expected <= 0x10000);
        }

        [Fact]
        public void Normal_trbs_chain_to_the_last_which_interrupts_and_count_the_packets_to_come()
        {
            Trb first = TrbLayouts.NormalTrb(0x1F000, 4096, TrbLayouts.TdSize(20480, 1024), last: false);
            Trb last = TrbLayouts.NormalTrb(0x20000, 20480, TrbLayouts.TdSize(0, 1024), last: true);
            Assert.Equal(TrbLayouts.Normal, first.Type);
            Assert.Equal(4096u | 20u << 17, first.Status);             // 20 packets of 1 KiB to come
            Assert.Equal(TrbLayouts.Chain, first.Control & (TrbLayouts.Chain | TrbLayouts.InterruptOnCompletion));
            Assert.Equal(TrbLayouts.InterruptOnCompletion, last.Control & (TrbLayouts.Chain | TrbLayouts.InterruptOnCompletion));
            Assert.Equal(20480u, last.Status);
            Assert.Equal(31, TrbLayouts.TdSize(65536, 512));           // 128 packets, at most 31
            Assert.Equal(1, TrbLayouts.TdSize(1, 512));
        }

        [Fact]
        public void Commands_name_their_slot_and_endpoint()
        {
            Trb reset = TrbLayouts.ResetEndpointCommand(5, 3);
            Assert.Equal(TrbLayouts.ResetEndpoint, reset.Type);
            Assert.Equal(5, reset.Slot);
            Assert.Equal(3, reset.Endpoint);
            Assert.Equal(0u, reset.Control & (1 << 9));                 // TSP 0: the toggle is reset too
            Trb dequeue = TrbLayouts.SetDequeueCommand(2, 4, 0x8000_0040, cycle: true);
            Assert.Equal(0x8000_0041ul, dequeue.Parameter);
            Assert.Equal(0x8000_0040ul, TrbLayouts.SetDequeueCommand(2, 4, 0x8000_0040, cycle: false).Parameter);
            Trb address = TrbLayouts.AddressDeviceCommand(0x4000, 7);
            Assert.Equal((TrbLayouts.AddressDevice, 7, 0x4000ul), (address.Type, address.Slot, address.Parameter));
        }

        [Fact]
        public void Completion_codes_become_the_errnos_linux_reports()
        {
            Assert.Equal(-(int)LinuxErrno.EPIPE, TrbLayouts.Failure(TrbLayouts.Stall));
            Assert.Equal(-(int)LinuxErrno.EOVERFLOW, TrbLayouts.Failure(TrbLayouts.Babble));
            Assert.Equal(-(int)LinuxErrno.EPROTO, TrbLayouts.Failure(TrbLayouts.TransactionError));
            Assert.Equal(-(int)LinuxErrno.EIO, TrbLayouts.Failure(TrbLayouts.TrbError));
        }

        [Fact]
        public void An_event_trb_reads_its_fields()
        {
            var trb = new Trb(0x1234_5670, (uint)TrbLayouts.ShortPacket << 24 | 0x0001F0, 3u << 24 | 5u << 16 | (uint)TrbLayouts.TransferEvent << 10 | 1);
            Assert.Equal((TrbLayouts.TransferEvent, 3, 5, TrbLayouts.ShortPacket, 0x1F0, true),
                         (trb.Type, trb.Slot, trb.Endpoint, trb.CompletionCode, trb.Residue, trb.Cycle));
        }

        // Rings --------------------------------------------------------------------------

        [Fact]
        public void A_new_ring_ends_in_a_link_back_to_its_start_that_the_controller_does_not_own_yet()
        {
            var memory = new byte[8 * TrbLayouts.TrbBytes];
            var ring = new TrbRing(8, RingPhysical);
            ring.Initialize(memory);
            Trb link = TrbRing.Read(memory, 7);
            Assert.Equal(TrbLayouts.Link, link.Type);
            Assert.Equal(RingPhysical, link.Parameter);
            Assert.NotEqual(0u, link.Control & TrbLayouts.ToggleCycle);
            Assert.False(link.Cycle);
            Assert.True(ring.Cycle);
            Assert.Equal(RingPhysical, ring.EnqueuePhysical);
            for (int i = 0; i < 7; i++) Assert.False(TrbRing.Read(memory, i).Cycle);
        }

        [Fact]
        public void Pushing_past_the_link_hands_it_over_and_flips_the_producer_cycle()
        {
            var memory = new byte[4 * TrbLayouts.TrbBytes];
            var ring = new TrbRing(4, RingPhysical);
            ring.Initialize(memory);
            Assert.Equal(0, ring.Push(memory, TrbLayouts.StatusTrb(0, false)));
            Assert.Equal(1, ring.Push(memory, TrbLayouts.StatusTrb(0, false)));
            Assert.False(TrbRing.Read(memory, 3).Cycle);                     // the link is not the controller's yet
            Assert.Equal(2, ring.Push(memory, TrbLayouts.NormalTrb(0x1000, 512, 0, last: false)));
            Trb link = TrbRing.Read(memory, 3);
            Assert.True(link.Cycle);                                         // handed over with cycle 1
            Assert.NotEqual(0u, link.Control & TrbLayouts.Chain);            // the TD goes on past it
            Assert.False(ring.Cycle);
            Assert.Equal(0, ring.Enqueue);
            for (int i = 0; i < 3; i++) Assert.True(TrbRing.Read(memory, i).Cycle);
            // The second lap writes cycle 0 over the first lap's 1s; the first TRB not yet written
            // keeps cycle 1, which the controller (now expecting 0) does not take as its own.
            Assert.Equal(0, ring.Push(memory, TrbLayouts.NormalTrb(0x2000, 512, 0, last: true)));
            Assert.False(TrbRing.Read(memory, 0).Cycle);
            Assert.True(TrbRing.Read(memory, 1).Cycle);
            Assert.Equal(RingPhysical + 16, ring.EnqueuePhysical);
        }

        [Fact]
        public void A_link_between_tds_is_not_chained()
        {
            var memory = new byte[3 * TrbLayouts.TrbBytes];
            var ring = new TrbRing(3, RingPhysical);
            ring.Initialize(memory);
            ring.Push(memory, TrbLayouts.NormalTrb(0x1000, 512, 0, last: true));
            ring.Push(memory, TrbLayouts.NormalTrb(0x1000, 512, 0, last: true));
            Assert.Equal(0u, TrbRing.Read(memory, 2).Control & TrbLayouts.Chain);
            Assert.True(TrbRing.Read(memory, 2).Cycle);
        }

        [Fact]
        public void A_ring_knows_its_trbs_by_address_and_a_td_that_wraps()
        {
            var ring = new TrbRing(16, RingPhysical);
            Assert.Equal(3, ring.IndexOf(RingPhysical + 48));
            Assert.Equal(-1, ring.IndexOf(RingPhysical + 16 * 16));
            Assert.Equal(-1, ring.IndexOf(RingPhysical - 16));
            Assert.Equal(-1, ring.IndexOf(RingPhysical + 8));
            Assert.True(TrbRing.Within(2, 5, 5));
            Assert.False(TrbRing.Within(2, 5, 6));
            Assert.True(TrbRing.Within(13, 1, 0));                         // a TD wrapped through the link
            Assert.True(TrbRing.Within(13, 1, 14));
            Assert.False(TrbRing.Within(13, 1, 5));
        }

        [Fact]
        public void The_event_ring_takes_events_of_its_cycle_and_flips_it_at_the_segments_end()
        {
            var memory = new byte[2 * TrbLayouts.TrbBytes];
            var events = new EventRing(2, RingPhysical);
            Assert.False(events.Next(memory, out _));                        // zeroed: cycle 0, not yet written
            WriteEvent(memory, 0, 33, cycle: true);
            WriteEvent(memory, 1, 32, cycle: true);
            Assert.True(events.Next(memory, out Trb first));
            Assert.Equal(33, first.Type);
            Assert.Equal(RingPhysical + 16, events.DequeuePhysical);
            Assert.True(events.Next(memory, out Trb second));
            Assert.Equal(32, second.Type);
            Assert.Equal(RingPhysical, events.DequeuePhysical);
            Assert.False(events.Cycle);
            Assert.False(events.Next(memory, out _));                        // the old lap's cycle 1 is not new
            WriteEvent(memory, 0, 34, cycle: false);
            Assert.True(events.Next(memory, out Trb third));
            Assert.Equal(34, third.Type);
        }

        private static void WriteEvent(byte[] memory, int index, int type, bool cycle) =>
            BinaryPrimitives.WriteUInt32LittleEndian(memory.AsSpan(index * 16 + 12), (uint)type << 10 | (cycle ? 1u : 0));

        // Contexts -----------------------------------------------------------------------

        [Theory]
        [InlineData(DeviceContexts.LowSpeed, 8)]
        [InlineData(DeviceContexts.FullSpeed, 64)]
        [InlineData(DeviceContexts.HighSpeed, 64)]
        [InlineData(DeviceContexts.SuperSpeed, 512)]
        [InlineData(DeviceContexts.SuperSpeedPlus, 512)]
        public void Endpoint_0s_first_packet_size_follows_the_speed(int speed, int maxPacket) =>
            Assert.Equal(maxPacket, DeviceContexts.DefaultMaxPacket0(speed));

        [Fact]
        public void A_usb3_device_gives_its_endpoint_0_packet_as_an_exponent()
        {
            Assert.Equal(512, DeviceContexts.MaxPacket0(DeviceContexts.SuperSpeed, 9));
            Assert.Equal(8, DeviceContexts.MaxPacket0(DeviceContexts.FullSpeed, 8));
            Assert.Equal(64, DeviceContexts.MaxPacket0(DeviceContexts.HighSpeed, 64));
        }

        [Fact]
        public void Device_context_indexes_put_out_before_in()
        {
            Assert.Equal(1, DeviceContexts.Dci(0, false));
            Assert.Equal(1, DeviceContexts.Dci(0, true));
            Assert.Equal(2, DeviceContexts.Dci(1, false));
            Assert.Equal(3, DeviceContexts.Dci(1, true));
            Assert.Equal(31, DeviceContexts.Dci(15, true));
        }

        [Theory]
        [InlineData(32)]
        [InlineData(64)]
        public void An_address_device_input_context_has_the_slot_and_endpoint_0(int contextBytes)
        {
            var input = new byte[DeviceContexts.InputBytes(contextBytes)];
            DeviceContexts.WriteInputControl(input, 0, 0b11);
            DeviceContexts.WriteSlot(input.AsSpan(DeviceContexts.InputSlot(contextBytes)), DeviceContexts.SuperSpeed, 4, 1);
            DeviceContexts.WriteEndpoint(input.AsSpan(DeviceContexts.InputEndpoint(contextBytes, 1)), DeviceContexts.Control, 512, 0x0008_0000, true);
            Assert.Equal(0u, U32(input, 0));
            Assert.Equal(3u, U32(input, 4));
            int slot = contextBytes;
            Assert.Equal(4u << 20 | 1u << 27, U32(input, slot));           // SuperSpeed, one context entry
            Assert.Equal(5u << 16, U32(input, slot + 4));                  // root hub port 5 (numbered from 1)
            int endpoint0 = contextBytes * 2;
            Assert.Equal(3u << 1 | 4u << 3 | 512u << 16, U32(input, endpoint0 + 4));   // CErr 3, control, 512 bytes
            Assert.Equal(0x0008_0001u, U32(input, endpoint0 + 8));         // the ring, DCS 1
            Assert.Equal(0u, U32(input, endpoint0 + 12));
            Assert.Equal(8u, U32(input, endpoint0 + 16));                  // average TRB length
            Assert.Equal(64 * 32, DeviceContexts.DeviceBytes(64));
            Assert.Equal(contextBytes * 3, DeviceContexts.DeviceEndpoint(contextBytes, 3));
        }

        [Fact]
        public void A_bulk_endpoint_context_and_the_slots_entries()
        {
            var slot = new byte[32];
            DeviceContexts.WriteSlot(slot, DeviceContexts.HighSpeed, 0, 1);
            DeviceContexts.SetSlotEntries(slot, 5);
            Assert.Equal(3u << 20 | 5u << 27, U32(slot, 0));
            var endpoint = new byte[32];
            DeviceContexts.WriteEndpoint(endpoint, DeviceContexts.BulkIn, 1024, 0x1_0000_2000, false);
            Assert.Equal(3u << 1 | 6u << 3 | 1024u << 16, U32(endpoint, 4));
            Assert.Equal(0x2000u, U32(endpoint, 8));                      // DCS 0
            Assert.Equal(1u, U32(endpoint, 12));
            Assert.Equal(3072u, U32(endpoint, 16));
            DeviceContexts.SetMaxPacket(endpoint, 8);
            Assert.Equal(3u << 1 | 6u << 3 | 8u << 16, U32(endpoint, 4));
            BinaryPrimitives.WriteUInt32LittleEndian(endpoint, 2);
            Assert.Equal(DeviceContexts.Halted, DeviceContexts.EndpointState(endpoint));
        }

        // Registers ----------------------------------------------------------------------

        [Fact]
        public void The_capability_registers_decode()
        {
            Assert.Equal(64, XhciRegisters.MaxSlots(0x0800_0840));
            Assert.Equal(8, XhciRegisters.MaxPorts(0x0800_0840));
            Assert.Equal(0, XhciRegisters.ScratchpadPages(0x0000_000F));
            Assert.Equal(0x3F, XhciRegisters.ScratchpadPages(1u << 21 | 0x1Fu << 27));   // 1 << 5 | 31
            Assert.Equal(64, XhciRegisters.ContextBytes(1 << 2));
            Assert.Equal(32, XhciRegisters.ContextBytes(0x0008_0001));
            Assert.Equal(0x20, XhciRegisters.ExtendedCapabilities(0x0008_0001));
            Assert.Equal((2, 0x10), (XhciRegisters.CapabilityId(0x0300_0402), XhciRegisters.NextCapability(0x0300_0402)));
            Assert.Equal(3, XhciRegisters.ProtocolMajor(0x0300_0402));
            Assert.Equal((4, 4), (XhciRegisters.FirstPort(0x0000_0405), XhciRegisters.PortCount(0x0000_0405)));
        }

        [Fact]
        public void Only_intels_switchable_controllers_have_their_ports_routed()
        {
            Assert.True(XhciRegisters.IntelSwitchable(0x8086, 0x1E31));      // Panther Point
            Assert.True(XhciRegisters.IntelSwitchable(0x8086, 0x9CB1));      // Wildcat Point-LP
            Assert.False(XhciRegisters.IntelSwitchable(0x8086, 0xA12F));     // Sunrise Point: no EHCI to route from
            Assert.False(XhciRegisters.IntelSwitchable(0x1B36, 0x000D));     // QEMU's qemu-xhci
        }

        [Fact]
        public void A_training_usb3_link_is_read_from_the_port()
        {
            Assert.Equal(XhciRegisters.LinkPolling, XhciRegisters.LinkState(7u << 5 | XhciRegisters.PortPower));
            Assert.Equal(0, XhciRegisters.LinkState(XhciRegisters.Connected | XhciRegisters.Enabled));     // U0
        }

        [Fact]
        public void A_port_write_clears_no_change_and_does_not_disable_the_port()
        {
            uint status = XhciRegisters.Connected | XhciRegisters.Enabled | XhciRegisters.PortPower | 4u << 10 | XhciRegisters.ConnectChange | XhciRegisters.ResetChange | 5u << 5;
            uint neutral = XhciRegisters.Neutral(status);
            Assert.Equal(0u, neutral & XhciRegisters.Enabled);               // PED is write-1-to-clear
            Assert.Equal(0u, neutral & XhciRegisters.ChangeBits);
            Assert.NotEqual(0u, neutral & XhciRegisters.PortPower);
            Assert.Equal(4, XhciRegisters.PortSpeed(status));
        }
    }
}
