using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.Drivers.Usb;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The bytes the USB driver (Drivers/Usb) hands the EHCI controller and the stick, against
    // EHCI 1.0, USB 2.0 chapter 9, the Bulk-Only Transport and SCSI, and its reading of what
    // they answer, nonsense included.
    public sealed class UsbLayoutTests
    {
        private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

        // qTD buffer pages ------------------------------------------------------------------

        [Theory]
        [InlineData(0x10000ul, 65536, 512, 20480)]        // page-aligned: five whole pages
        [InlineData(0x10000ul, 4096, 512, 4096)]          // all of it fits
        [InlineData(0x10200ul, 65536, 512, 19968)]        // 512 bytes into its page: 20480 - 512
        [InlineData(0x10100ul, 65536, 512, 19968)]        // the room (20224) cut to whole packets
        [InlineData(0x10100ul, 65536, 64, 20224)]         // 64-byte packets: the room is whole packets already
        [InlineData(0x10FFFul, 20000, 512, 16384)]        // one byte left in the first page
        public void A_qtd_takes_what_five_pages_hold_in_whole_packets(ulong physical, int left, int maxPacket, int expected)
        {
            Assert.Equal(expected, QueueLayouts.PieceBytes(physical, left, maxPacket));
            Assert.True(expected <= QueueLayouts.MaxQtdBytes);
        }

        [Fact]
        public void A_chunk_of_64_KiB_takes_four_qtds_and_nothing_takes_none()
        {
            Assert.Equal(4, QueueLayouts.QtdCount(0x20000, 65536, 512));
            Assert.Equal(2, QueueLayouts.QtdCount(0x20FF0, 20480, 512));     // 16 bytes short of a page: 16384, then 4096
            Assert.Equal(1, QueueLayouts.QtdCount(0x20000, 0, 64));
        }

        [Fact]
        public void A_qtd_points_at_each_page_its_bytes_touch_and_keeps_the_first_offset()
        {
            var qtd = new byte[QueueLayouts.QtdBytes];
            qtd.AsSpan().Fill(0xEE);
            QueueLayouts.WriteQtd(qtd, 0x3000_0040, 0x3000_0020, QueueLayouts.PidIn, 8192, false, true, 0x0012_3F00);
            Assert.Equal(0x3000_0040u, U32(qtd, 0));
            Assert.Equal(0x3000_0020u, U32(qtd, 4));
            uint token = U32(qtd, 8);
            Assert.Equal(QueueLayouts.Active, token & 0xFF);
            Assert.Equal(1u, (token >> 8) & 3);                         // IN
            Assert.Equal(3u, (token >> 10) & 3);                        // three errors allowed
            Assert.Equal(1u, (token >> 15) & 1);                        // interrupt on complete
            Assert.Equal(8192, QueueLayouts.BytesLeft(token));
            Assert.Equal(0u, token >> 31);
            // 0x123F00 + 8192 ends in the page at 0x125000: three pages from 0x123000.
            Assert.Equal(0x0012_3F00u, U32(qtd, 12));
            Assert.Equal(0x0012_4000u, U32(qtd, 16));
            Assert.Equal(0x0012_5000u, U32(qtd, 20));
            Assert.Equal(0u, U32(qtd, 24));
            Assert.Equal(0u, U32(qtd, 28));
        }

        [Fact]
        public void A_setup_qtd_carries_its_pid_and_toggle()
        {
            var qtd = new byte[QueueLayouts.QtdBytes];
            QueueLayouts.WriteQtd(qtd, QueueLayouts.Terminate, QueueLayouts.Terminate, QueueLayouts.PidSetup, 8, false, false, 0x1000);
            Assert.Equal(2u, (U32(qtd, 8) >> 8) & 3);
            QueueLayouts.WriteQtd(qtd, QueueLayouts.Terminate, QueueLayouts.Terminate, QueueLayouts.PidOut, 0, true, true, 0);
            Assert.Equal(QueueLayouts.DataToggle, U32(qtd, 8) & QueueLayouts.DataToggle);
            Assert.Equal(0u, U32(qtd, 12));                              // no data: no buffer
        }

        [Fact]
        public void A_high_speed_bulk_queue_head_keeps_its_own_toggle()
        {
            var qh = new byte[QueueLayouts.QueueHeadBytes];
            QueueLayouts.WriteQueueHead(qh, 0x4000_0042, 3, 2, 512, false, false);
            uint characteristics = U32(qh, 4);
            Assert.Equal(0x4000_0042u, U32(qh, 0));
            Assert.Equal(3u, characteristics & 0x7F);
            Assert.Equal(2u, (characteristics >> 8) & 0xF);
            Assert.Equal(2u, (characteristics >> 12) & 3);              // high speed
            Assert.Equal(0u, (characteristics >> 14) & 3);              // toggle in the queue head, not the head of the list
            Assert.Equal(512u, (characteristics >> 16) & 0x7FF);
            Assert.Equal(1u, U32(qh, 8) >> 30);                         // one transaction a micro-frame
            Assert.Equal(QueueLayouts.Terminate, U32(qh, 16));
            Assert.Equal(QueueLayouts.Terminate, U32(qh, 20));
            QueueLayouts.WriteQueueHead(qh, 0, 0, 0, 64, true, true);
            Assert.Equal(3u, (U32(qh, 4) >> 14) & 3);                   // toggle from the qTDs, head of the list
        }

        // A finished chain ------------------------------------------------------------------

        private static uint Done(int left) => (uint)left << 16;

        [Fact]
        public void A_chain_runs_until_its_last_qtd_is_done()
        {
            int[] lengths = [20480, 20480, 20480, 4096];
            Assert.False(QueueLayouts.Finished([Done(0), Done(0), QueueLayouts.Active | Done(20480), QueueLayouts.Active | Done(4096)], lengths, out _));
            Assert.True(QueueLayouts.Finished([Done(0), Done(0), Done(0), Done(0)], lengths, out int moved));
            Assert.Equal(65536, moved);
        }

        [Fact]
        public void A_short_packet_ends_the_chain_with_what_came()
        {
            int[] lengths = [20480, 20480];
            Assert.True(QueueLayouts.Finished([Done(20480 - 13), QueueLayouts.Active | Done(20480)], lengths, out int moved));
            Assert.Equal(13, moved);
        }

        [Theory]
        [InlineData(QueueLayouts.Halted, LinuxErrno.EPIPE)]                                        // STALL
        [InlineData(QueueLayouts.Halted | QueueLayouts.Babble, LinuxErrno.EOVERFLOW)]
        [InlineData(QueueLayouts.Halted | QueueLayouts.TransactionError, LinuxErrno.EPROTO)]
        [InlineData(QueueLayouts.Halted | QueueLayouts.DataBufferError, LinuxErrno.EPROTO)]
        public void A_halted_qtd_ends_the_chain_with_its_failure(uint status, LinuxErrno expected)
        {
            int[] lengths = [31, 512];
            Assert.True(QueueLayouts.Finished([Done(0), status | Done(512)], lengths, out int result));
            Assert.Equal(-(int)expected, result);
        }

        [Fact]
        public void A_controller_that_says_more_is_left_than_was_given_is_refused()
        {
            Assert.True(QueueLayouts.Finished([Done(600)], [512], out int result));
            Assert.Equal(-(int)LinuxErrno.EPROTO, result);
        }

        // Requests and descriptors ----------------------------------------------------------

        [Fact]
        public void Setup_packets_are_little_endian_as_chapter_9_says()
        {
            var setup = new byte[8];
            UsbRequests.DescriptorRequest(setup, UsbRequests.ConfigurationDescriptor, 0x0120);
            Assert.Equal(new byte[] { 0x80, 6, 0, 2, 0, 0, 0x20, 0x01 }, setup);
            UsbRequests.AddressRequest(setup, 5);
            Assert.Equal(new byte[] { 0, 5, 5, 0, 0, 0, 0, 0 }, setup);
            UsbRequests.ClearHaltRequest(setup, 0x81);
            Assert.Equal(new byte[] { 2, 1, 0, 0, 0x81, 0, 0, 0 }, setup);
            UsbRequests.ResetRequest(setup, 1);
            Assert.Equal(new byte[] { 0x21, 0xFF, 0, 0, 1, 0, 0, 0 }, setup);
        }

        private static readonly byte[] QemuStickDevice =
            [18, 1, 0x00, 0x02, 0, 0, 0, 64, 0x27, 0x06, 0x01, 0x00, 0x00, 0x00, 1, 2, 3, 1];

        [Fact]
        public void A_device_descriptor_is_read_and_a_short_or_strange_one_refused()
        {
            Assert.Equal(0, UsbDescriptors.ParseDevice(QemuStickDevice, out var device));
            Assert.Equal(0x0200, device.UsbVersion);
            Assert.Equal(0x0627, device.Vendor);
            Assert.Equal(64, device.MaxPacket0);
            Assert.Equal(1, device.Configurations);
            Assert.Equal(-(int)LinuxErrno.EPROTO, UsbDescriptors.ParseDevice(QemuStickDevice.AsSpan(0, 17), out _));
            byte[] odd = (byte[])QemuStickDevice.Clone();
            odd[7] = 63;
            Assert.Equal(-(int)LinuxErrno.EPROTO, UsbDescriptors.ParseDevice(odd, out _));
            odd = (byte[])QemuStickDevice.Clone();
            odd[1] = 2;
            Assert.Equal(-(int)LinuxErrno.EPROTO, UsbDescriptors.ParseDevice(odd, out _));
        }

        // A configuration with a HID interface first, then the stick's interface 1 with an
        // interrupt endpoint before its bulk OUT and IN endpoints.
        private static byte[] Configuration()
        {
            byte[] bytes =
            [
                9, 2, 0, 0, 2, 7, 0, 0x80, 50,
                9, 4, 0, 0, 1, 3, 1, 1, 0,                  // HID keyboard
                7, 5, 0x83, 3, 8, 0, 10,
                9, 4, 1, 0, 3, 8, 6, 0x50, 0,               // mass storage, SCSI, Bulk-Only
                7, 5, 0x84, 3, 8, 0, 10,                    // interrupt IN: not one of the bulk pair
                7, 5, 0x02, 2, 0x00, 0x02, 0,               // bulk OUT 2, 512
                7, 5, 0x81, 2, 0x00, 0x02, 0,               // bulk IN 1, 512
            ];
            bytes[2] = (byte)bytes.Length;
            return bytes;
        }

        [Fact]
        public void The_bulk_only_interface_and_its_bulk_endpoints_are_found()
        {
            Assert.Equal(0, UsbDescriptors.FindBulkOnly(Configuration(), out var stick));
            Assert.Equal(7, stick.Configuration);
            Assert.Equal(1, stick.Interface);
            Assert.Equal(1, stick.InEndpoint);
            Assert.Equal(512, stick.InMaxPacket);
            Assert.Equal(2, stick.OutEndpoint);
            Assert.Equal(512, stick.OutMaxPacket);
        }

        [Fact]
        public void A_configuration_without_a_stick_or_with_a_descriptor_past_its_end_is_refused()
        {
            byte[] hidOnly = Configuration()[..25];
            hidOnly[2] = 25;
            Assert.Equal(-(int)LinuxErrno.ENODEV, UsbDescriptors.FindBulkOnly(hidOnly, out _));
            byte[] overrun = Configuration();
            overrun[^7] = 40;                              // the last endpoint claims 40 bytes
            Assert.Equal(-(int)LinuxErrno.EPROTO, UsbDescriptors.FindBulkOnly(overrun, out _));
            byte[] zero = Configuration();
            zero[9] = 0;                                   // a descriptor of length 0 would loop forever
            Assert.Equal(-(int)LinuxErrno.EPROTO, UsbDescriptors.FindBulkOnly(zero, out _));
            Assert.Equal(-(int)LinuxErrno.EPROTO, UsbDescriptors.ConfigurationLength(new byte[] { 9, 2, 4, 0, 1, 1, 0, 0, 0 }, out _));
        }

        // Bulk-Only wrappers ----------------------------------------------------------------

        [Fact]
        public void A_cbw_carries_signature_tag_length_direction_lun_and_command()
        {
            var cbw = new byte[BulkOnlyWrappers.CbwBytes];
            cbw.AsSpan().Fill(0xEE);
            byte[] read10 = new byte[10];
            ScsiCommands.Transfer(read10, false, 0x01020304, 128);
            BulkOnlyWrappers.WriteCbw(cbw, 0xCAFE, 65536, true, 0, read10);
            Assert.Equal(0x43425355u, U32(cbw, 0));
            Assert.Equal(0xCAFEu, U32(cbw, 4));
            Assert.Equal(65536u, U32(cbw, 8));
            Assert.Equal(0x80, cbw[12]);
            Assert.Equal(0, cbw[13]);
            Assert.Equal(10, cbw[14]);
            Assert.Equal(new byte[] { 0x28, 0, 1, 2, 3, 4, 0, 0, 128, 0 }, cbw[15..25]);
            Assert.All(cbw[25..], b => Assert.Equal(0, b));
        }

        private static byte[] Csw(uint tag, uint residue, byte status)
        {
            var csw = new byte[BulkOnlyWrappers.CswBytes];
            BinaryPrimitives.WriteUInt32LittleEndian(csw, 0x53425355);
            BinaryPrimitives.WriteUInt32LittleEndian(csw.AsSpan(4), tag);
            BinaryPrimitives.WriteUInt32LittleEndian(csw.AsSpan(8), residue);
            csw[12] = status;
            return csw;
        }

        [Fact]
        public void A_csw_is_valid_only_whole_signed_and_with_its_commands_tag()
        {
            Assert.Equal(CswVerdict.Passed, BulkOnlyWrappers.CheckCsw(Csw(7, 0, 0), 13, 7, 512, out uint residue));
            Assert.Equal(0u, residue);
            Assert.Equal(CswVerdict.Failed, BulkOnlyWrappers.CheckCsw(Csw(7, 512, 1), 13, 7, 512, out residue));
            Assert.Equal(512u, residue);
            Assert.Equal(CswVerdict.PhaseError, BulkOnlyWrappers.CheckCsw(Csw(7, 0, 2), 13, 7, 512, out _));
            Assert.Equal(CswVerdict.Invalid, BulkOnlyWrappers.CheckCsw(Csw(8, 0, 0), 13, 7, 512, out _));     // another command's
            Assert.Equal(CswVerdict.Invalid, BulkOnlyWrappers.CheckCsw(Csw(7, 0, 0), 12, 7, 512, out _));     // short
            Assert.Equal(CswVerdict.Invalid, BulkOnlyWrappers.CheckCsw(Csw(7, 513, 0), 13, 7, 512, out _));   // more left than asked
            Assert.Equal(CswVerdict.Invalid, BulkOnlyWrappers.CheckCsw(Csw(7, 0, 3), 13, 7, 512, out _));     // no such status
            byte[] unsigned = Csw(7, 0, 0);
            unsigned[1] = 0x00;
            Assert.Equal(CswVerdict.Invalid, BulkOnlyWrappers.CheckCsw(unsigned, 13, 7, 512, out _));
        }
    }
}
