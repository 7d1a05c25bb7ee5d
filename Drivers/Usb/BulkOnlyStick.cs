using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Usb
{
    // One USB mass storage device on the Bulk-Only Transport (USB Mass Storage Bulk-Only 1.0),
    // LUN 0, spoken to in SCSI: each command is a CBW on the bulk OUT endpoint, its data on
    // bulk IN or OUT, and a CSW on bulk IN. A stalled data stage is cleared and the CSW read
    // (5.3.2, 6.7.2-6.7.3); a stalled CSW is cleared and read once more; a CSW that is not
    // valid or reports a phase error, or a transfer that fails otherwise, ends in the reset
    // recovery (5.3.4: Bulk-Only Mass Storage Reset, then CLEAR_FEATURE(ENDPOINT_HALT) on both
    // bulk endpoints). A command the device fails (CHECK CONDITION) is followed by REQUEST
    // SENSE. Every result is 0 or a negated errno; a transfer is whole or fails. Which kind of
    // host controller carries it is UsbHostController's business.
    internal sealed class BulkOnlyStick
    {
        public const int CheckCondition = 1;
        private const int CbwAt = 0, CswAt = 64;

        private readonly UsbHostController _host;
        private readonly int _device, _interface;
        private UsbEndpoint _in, _out;
        private readonly DmaRegion _wrappers, _data;
        private readonly ulong _controlTimeout, _bulkTimeout;
        private uint _tag;
        public int LastSenseKey = -1;

        public BulkOnlyStick(UsbHostController host, int device, int interfaceNumber, UsbEndpoint bulkIn, UsbEndpoint bulkOut,
                             DmaRegion wrappers, DmaRegion data, ulong controlTimeout, ulong bulkTimeout)
        {
            _host = host;
            _device = device;
            _interface = interfaceNumber;
            _in = bulkIn;
            _out = bulkOut;
            _wrappers = wrappers;
            _data = data;
            _controlTimeout = controlTimeout;
            _bulkTimeout = bulkTimeout;
        }

        public Span<byte> Data(int length) => _data.Slice(0, length);

        // A SCSI command moving up to `length` bytes through Data: the bytes moved, or a negated
        // errno (EIO for a command the device failed, with its sense key in LastSenseKey).
        public int Scsi(ReadOnlySpan<byte> cdb, bool dataIn, int length)
        {
            LastSenseKey = -1;
            int result = Command(cdb, dataIn, length, out int moved);
            if (result == 0) return moved;
            if (result != CheckCondition) return result;
            Span<byte> sense = stackalloc byte[ScsiCommands.Command6];
            ScsiCommands.RequestSense(sense);
            LastSenseKey = Command(sense, true, ScsiCommands.SenseBytes, out int received) == 0
                ? ScsiCommands.SenseKey(_data.Slice(0, ScsiCommands.SenseBytes), received) : -1;
            return -(int)LinuxErrno.EIO;
        }

        // One command through the three stages: 0 with the bytes the device moved,
        // CheckCondition, or a negated errno after the reset recovery.
        private int Command(ReadOnlySpan<byte> cdb, bool dataIn, int length, out int moved)
        {
            moved = 0;
            uint tag = ++_tag;
            BulkOnlyWrappers.WriteCbw(_wrappers.Slice(CbwAt, BulkOnlyWrappers.CbwBytes), tag, (uint)length, dataIn, 0, cdb);
            int sent = _host.Bulk(ref _out, _wrappers.Part(CbwAt, BulkOnlyWrappers.CbwBytes), BulkOnlyWrappers.CbwBytes, _bulkTimeout);
            if (sent != BulkOnlyWrappers.CbwBytes) return Recover(sent);
            if (length > 0)
            {
                int data = _host.Bulk(ref (dataIn ? ref _in : ref _out), _data, length, _bulkTimeout);
                if (data == -(int)LinuxErrno.EPIPE) data = ClearHalt(ref dataIn ? ref _in : ref _out);
                if (data < 0) return Recover(data);
                moved = data;
            }
            int received = ReadCsw();
            if (received == -(int)LinuxErrno.EPIPE && ClearHalt(ref _in) == 0) received = ReadCsw();
            if (received < 0) return Recover(received);
            CswVerdict verdict = BulkOnlyWrappers.CheckCsw(_wrappers.Slice(CswAt, BulkOnlyWrappers.CswBytes), received, tag, (uint)length, out uint residue);
            if (verdict == CswVerdict.Invalid || verdict == CswVerdict.PhaseError) return Recover(-(int)LinuxErrno.EPROTO);
            // The device's residue and what the bus moved must agree: the smaller of the two is what came.
            moved = Math.Min(moved, length - (int)residue);
            return verdict == CswVerdict.Passed ? 0 : CheckCondition;
        }

        private int ReadCsw() =>
            _host.Bulk(ref _in, _wrappers.Part(CswAt, BulkOnlyWrappers.CswBytes), BulkOnlyWrappers.CswBytes, _bulkTimeout);

        // CLEAR_FEATURE(ENDPOINT_HALT) with the controller's side of the reset: 0, or the failure.
        private int ClearHalt(ref UsbEndpoint endpoint) => _host.ClearHalt(_device, ref endpoint, _controlTimeout);

        // The reset recovery; `failure` (the errno that called for it) is what the command returns.
        private int Recover(int failure)
        {
            Span<byte> setup = stackalloc byte[UsbRequests.SetupBytes];
            UsbRequests.ResetRequest(setup, _interface);
            _host.Control(_device, setup, _controlTimeout);
            ClearHalt(ref _in);
            ClearHalt(ref _out);
            return failure < 0 ? failure : -(int)LinuxErrno.EIO;
        }

        // INQUIRY, TEST UNIT READY until the device is ready (a few tries: it answers UNIT
        // ATTENTION after its reset), READ CAPACITY(10): 0 with the drive's facts and the
        // device's vendor and product in `identity` (`identityLength` characters).
        public int Start(out DriveFacts facts, Span<char> identity, out int identityLength)
        {
            facts = default;
            identityLength = 0;
            Span<byte> cdb = stackalloc byte[ScsiCommands.Command10];
            ScsiCommands.Inquiry(cdb);
            // A device may answer INQUIRY with fewer than 36 bytes: what came is read.
            int asked = Scsi(cdb.Slice(0, ScsiCommands.Command6), true, ScsiCommands.InquiryBytes);
            if (asked < 0) return asked;
            identityLength = ScsiCommands.Identity(_data.Slice(0, ScsiCommands.InquiryBytes), asked, identity);
            int ready = 0;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                ScsiCommands.TestUnitReady(cdb);
                ready = Scsi(cdb.Slice(0, ScsiCommands.Command6), false, 0);
                if (ready == 0 || (LastSenseKey != ScsiCommands.UnitAttention && LastSenseKey != ScsiCommands.NotReady)) break;
                _host.Delay(Kernel.TicksPerSecond() / 10 + 1);
            }
            if (ready != 0) return -(int)LinuxErrno.ENOMEDIUM;
            ScsiCommands.ReadCapacity(cdb);
            int measured = Scsi(cdb, true, ScsiCommands.CapacityBytes);
            if (measured < 0) return measured;
            if (measured != ScsiCommands.CapacityBytes) return -(int)LinuxErrno.EPROTO;
            return ScsiCommands.Capacity(_data.Slice(0, ScsiCommands.CapacityBytes), out facts);
        }

        // READ(10) or WRITE(10) of the first `bytes` of Data at `lba`: 0, or a negated errno (EIO
        // for fewer bytes than asked: a transfer is whole or fails).
        public int Transfer(bool write, ulong lba, int bytes, int blockBytes)
        {
            int blocks = bytes / blockBytes;
            if (lba + (ulong)blocks > uint.MaxValue || blocks == 0 || blocks > 0xFFFF) return -(int)LinuxErrno.EIO;
            Span<byte> cdb = stackalloc byte[ScsiCommands.Command10];
            ScsiCommands.Transfer(cdb, write, (uint)lba, blocks);
            int moved = Scsi(cdb, !write, bytes);
            return moved == bytes ? 0 : moved < 0 ? moved : -(int)LinuxErrno.EIO;
        }
    }
}
