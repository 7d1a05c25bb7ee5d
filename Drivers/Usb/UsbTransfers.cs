using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Usb.QueueLayouts;

namespace Lunix.Drivers.Usb
{
    // Control and bulk transfers (USB 2.0, 5.5 and 5.8) as chains of qTDs on the asynchronous
    // schedule. A control transfer runs as two chains: SETUP with its data stage, then the
    // status stage (so a short data stage, which ends the first chain, still gets its status).
    // Results: the data bytes moved, or a negated errno (EPIPE: the endpoint stalled).
    internal sealed class UsbTransfers
    {
        private const int SetupAt = 0;
        public const int ControlDataAt = 64, ControlDataBytes = UsbHostController.ControlDataBytes;

        private readonly AsyncSchedule _schedule;
        private readonly DmaRegion _small;             // the SETUP packet and control data
        private readonly int[] _lengths = new int[AsyncSchedule.MaxQtds];

        public UsbTransfers(AsyncSchedule schedule, DmaRegion small)
        {
            _schedule = schedule;
            _small = small;
        }

        // Where a control transfer's data stage is read or written (ControlDataBytes).
        public Span<byte> ControlData => _small.Slice(ControlDataAt, ControlDataBytes);

        // A control transfer on the queue head at `queueHead`: the request in `setup`, its data
        // (setup's wLength bytes, at most ControlDataBytes) to or from ControlData.
        public int Control(int queueHead, ReadOnlySpan<byte> setup, ulong timeout)
        {
            int length = setup[6] | setup[7] << 8;
            bool dataIn = (setup[0] & UsbRequests.DeviceToHost) != 0;
            if (length > ControlDataBytes) return -(int)LinuxErrno.EINVAL;
            setup.Slice(0, UsbRequests.SetupBytes).CopyTo(_small.Slice(SetupAt, UsbRequests.SetupBytes));
            ulong deadline = Kernel.Ticks() + timeout;
            int count = 1;
            uint stop = _schedule.StopPhysical;
            WriteQtd(_schedule.Qtd(0), length == 0 ? Terminate : _schedule.QtdPhysical(1), stop, PidSetup, UsbRequests.SetupBytes, false, length == 0, _small.Physical + SetupAt);
            _lengths[0] = UsbRequests.SetupBytes;
            if (length > 0)
            {
                WriteQtd(_schedule.Qtd(1), Terminate, stop, dataIn ? PidIn : PidOut, length, true, true, _small.Physical + ControlDataAt);
                _lengths[1] = length;
                count = 2;
            }
            int moved = _schedule.Run(queueHead, count, _lengths, deadline, false);
            if (moved < 0) return moved;
            moved -= UsbRequests.SetupBytes;
            // The status stage: the other direction (IN when there was no data), DATA1, no data.
            WriteQtd(_schedule.Qtd(0), Terminate, stop, dataIn && length > 0 ? PidOut : PidIn, 0, true, true, 0);
            _lengths[0] = 0;
            int status = _schedule.Run(queueHead, 1, _lengths, deadline, false);
            return status < 0 ? status : moved;
        }

        // A bulk transfer of `length` bytes to or from `data` (physically contiguous) on
        // `endpoint`: the bytes moved (an IN transfer may end short).
        public int Bulk(ref UsbEndpoint endpoint, DmaRegion data, int length, ulong timeout)
        {
            if (length <= 0 || length > data.Length || QtdCount(data.Physical, length, endpoint.MaxPacket) > AsyncSchedule.MaxQtds)
                return -(int)LinuxErrno.EINVAL;
            int count = 0;
            ulong at = data.Physical;
            for (int left = length; left > 0; count++)
            {
                int piece = PieceBytes(at, left, endpoint.MaxPacket);
                left -= piece;
                uint next = left == 0 ? Terminate : _schedule.QtdPhysical(count + 1);
                WriteQtd(_schedule.Qtd(count), next, _schedule.StopPhysical, endpoint.In ? PidIn : PidOut, piece, false, left == 0, at);
                _lengths[count] = piece;
                at += (ulong)piece;
            }
            int moved = _schedule.Run(endpoint.Pipe, count, _lengths, Kernel.Ticks() + timeout, endpoint.ToggleReset);
            endpoint.ToggleReset = false;
            return moved;
        }
    }
}
