using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Usb.QueueLayouts;

namespace Lunix.Drivers.Usb
{
    // The asynchronous schedule in one page of DMA memory: a ring of queue heads starting at a
    // head that carries no transfer (the reclamation list's head, EHCI 4.8), one queue head per
    // endpoint in use, and a pool of qTDs for the one transfer that runs at a time (the driver
    // serves one request at a time). A transfer's qTDs go onto its endpoint's idle queue head;
    // its wait ends when the chain is over, or at its deadline, when the queue head is taken
    // out of the ring until the controller lets go of it (the doorbell) and cleaned.
    internal sealed class AsyncSchedule
    {
        public const int MemoryBytes = PageBytes;
        private const int QueueHeadStride = 64, QueueHeadSlots = 24;       // the head and 23 endpoints
        private const int QtdsAt = QueueHeadStride * QueueHeadSlots, StopQtd = QtdsAt;
        public const int MaxQtds = (MemoryBytes - QtdsAt) / QtdBytes - 1;

        private readonly EhciController _controller;
        private readonly DmaRegion _memory;
        private readonly int[] _ring = new int[QueueHeadSlots];           // queue heads in ring order, the head first
        private readonly uint[] _tokens = new uint[MaxQtds];
        private readonly int[] _lengths = new int[MaxQtds];
        private int _queueHeads;

        public AsyncSchedule(EhciController controller, DmaRegion memory)
        {
            _controller = controller;
            _memory = memory;
            _memory.Bytes.Clear();
            // The head links to itself until a queue head joins; it is halted, so the controller
            // never runs a transfer on it. The stop qTD is never active: a short packet's
            // alternate pointer leads there and the queue stops.
            WriteQueueHead(_memory.Slice(0, QueueHeadBytes), Link(0), 0, 0, 64, true, true);
            _memory.Store(OverlayToken, Halted);
            WriteQtd(_memory.Slice(StopQtd, QtdBytes), Terminate, Terminate, PidIn, 0, false, false, 0);
            _memory.Store(StopQtd + QtdToken, 0);
            _ring[0] = 0;
            _queueHeads = 1;
        }

        public ulong HeadPhysical => _memory.Physical;

        // A queue head for an endpoint, linked in after the head: its offset, or ENOMEM when
        // every slot is taken.
        public int AddQueueHead(int address, int endpoint, int maxPacket, bool control)
        {
            if (_queueHeads == QueueHeadSlots) return -(int)LinuxErrno.ENOMEM;
            int at = _queueHeads * QueueHeadStride;
            WriteQueueHead(_memory.Slice(at, QueueHeadBytes), _memory.Load(Horizontal), address, endpoint, maxPacket, control, false);
            _memory.Store(Horizontal, Link(at));
            for (int i = _queueHeads; i > 1; i--) _ring[i] = _ring[i - 1];
            _ring[1] = at;
            _queueHeads++;
            return at;
        }

        // The pool's qTD `index` (0 .. MaxQtds-1) and its physical address.
        public Span<byte> Qtd(int index) => _memory.Slice(QtdAt(index), QtdBytes);

        public uint QtdPhysical(int index) => (uint)(_memory.Physical + (ulong)QtdAt(index));

        public uint StopPhysical => (uint)(_memory.Physical + StopQtd);

        // Runs the chain of qTDs 0..count-1 (written, each with `lengths`' bytes) on the queue
        // head at `queueHead`: the bytes moved, the first halted qTD's failure (the queue head
        // is then left clean for the next transfer: a STALL's halt is the device's to clear,
        // with CLEAR_FEATURE), or ETIMEDOUT at `deadline`. `resetToggle`: a bulk endpoint's
        // toggle back to DATA0 (after a halt was cleared).
        public int Run(int queueHead, int count, ReadOnlySpan<int> lengths, ulong deadline, bool resetToggle)
        {
            lengths.Slice(0, count).CopyTo(_lengths);
            uint toggle = resetToggle ? 0 : _memory.Load(queueHead + OverlayToken) & DataToggle;
            // The overlay: no qTD, not halted, then the chain's first qTD as the next one; the
            // controller picks it up on its next pass over this queue head.
            _memory.Store(queueHead + OverlayNext, Terminate);
            _memory.Store(queueHead + OverlayAlternate, Terminate);
            _memory.Store(queueHead + OverlayToken, toggle);
            _memory.Store(queueHead + OverlayNext, QtdPhysical(0));
            int result;
            while (!Over(count, out result))
            {
                if (_controller.Stopped || Kernel.Ticks() >= deadline)
                {
                    Cancel(queueHead);
                    return -(int)LinuxErrno.ETIMEDOUT;
                }
                _controller.AwaitInterrupt(deadline);
            }
            if (result < 0) Clean(queueHead);
            return result;
        }

        private bool Over(int count, out int result)
        {
            Span<uint> tokens = _tokens.AsSpan(0, count);
            for (int i = 0; i < count; i++) tokens[i] = _memory.Load(QtdAt(i) + QtdToken);
            return Finished(tokens, _lengths.AsSpan(0, count), out result);
        }

        // A transfer that did not end: its queue head out of the ring, the doorbell rung so the
        // controller drops its copy, its qTDs inactive, and the queue head back in the ring.
        private void Cancel(int queueHead)
        {
            int place = 1;
            while (_ring[place] != queueHead) place++;
            int before = _ring[place - 1];
            uint after = _memory.Load(queueHead + Horizontal);
            _memory.Store(before + Horizontal, after);
            _controller.AwaitAsyncAdvance();
            for (int i = 0; i < MaxQtds; i++) _memory.Store(QtdAt(i) + QtdToken, 0);
            Clean(queueHead);
            _memory.Store(before + Horizontal, Link(queueHead));
        }

        // The overlay emptied: no qTD, its halt cleared (the toggle is kept: Run decides).
        private void Clean(int queueHead)
        {
            _memory.Store(queueHead + OverlayNext, Terminate);
            _memory.Store(queueHead + OverlayAlternate, Terminate);
            _memory.Store(queueHead + OverlayToken, _memory.Load(queueHead + OverlayToken) & DataToggle);
        }

        private uint Link(int queueHead) => (uint)(_memory.Physical + (ulong)queueHead) | QueueHeadType;

        private static int QtdAt(int index) => StopQtd + QtdBytes * (index + 1);
    }
}
