using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Usb
{
    // The asynchronous schedule's in-memory structures (EHCI 1.0, 3.5-3.6): the queue head of
    // one endpoint and the queue element transfer descriptors (qTDs) that carry a transfer, as
    // byte layouts over spans (32-bit descriptors: the controller is given memory below 4 GiB),
    // and the reading of a finished chain. Pure, so the hosted tests check them.
    public static class QueueLayouts
    {
        public const int QtdBytes = 32, QueueHeadBytes = 48;
        public const int PageBytes = 4096, QtdPages = 5;
        public const uint Terminate = 1, QueueHeadType = 1 << 1;

        // A qTD's token: its status bits, the PID, the error counter, and where the controller
        // counts down the bytes left.
        public const uint TransactionError = 1 << 3, Babble = 1 << 4;
        public const uint DataBufferError = 1 << 5, Halted = 1 << 6, Active = 1 << 7;
        public const uint DataToggle = 1u << 31;
        public const int PidOut = 0, PidIn = 1, PidSetup = 2;
        public const int MaxQtdBytes = 0x5000;
        private const uint ThreeErrors = 3 << 10, InterruptOnComplete = 1 << 15;

        // A queue head's words, and in its overlay the qTD the controller works on.
        public const int Horizontal = 0, Characteristics = 4, Capabilities = 8, CurrentQtd = 12;
        public const int OverlayNext = 16, OverlayAlternate = 20, OverlayToken = 24;
        public const int QtdNext = 0, QtdAlternate = 4, QtdToken = 8, QtdBuffers = 12;

        // The bytes of a transfer's next qTD, at `physical` with `left` bytes to go: what its five
        // pages hold from there, and when that is not all, a whole number of `maxPacket`
        // packets (a packet shorter than maxPacket ends a transfer, so only the last qTD may
        // end in one).
        public static int PieceBytes(ulong physical, int left, int maxPacket)
        {
            int room = QtdPages * PageBytes - (int)(physical & (PageBytes - 1));
            if (left <= room) return left;
            return room - room % maxPacket;
        }

        // How many qTDs a transfer of `length` bytes at `physical` takes (a transfer with no
        // data takes one).
        public static int QtdCount(ulong physical, int length, int maxPacket)
        {
            int count = 0;
            do
            {
                int piece = PieceBytes(physical, length, maxPacket);
                physical += (ulong)piece;
                length -= piece;
                count++;
            }
            while (length > 0);
            return count;
        }

        // One active qTD: `bytes` (at most MaxQtdBytes, within the five pages from `buffer`)
        // moved by `pid`, the data toggle given (control transfers set it; bulk queue heads keep
        // their own), an interrupt when it completes if asked; `next` and `alternate` (where the
        // controller goes after a short packet) are physical addresses or Terminate.
        public static void WriteQtd(Span<byte> qtd, uint next, uint alternate, int pid, int bytes, bool toggle, bool interrupt, ulong buffer)
        {
            qtd.Slice(0, QtdBytes).Clear();
            WriteU32(qtd, QtdNext, next);
            WriteU32(qtd, QtdAlternate, alternate);
            WriteU32(qtd, QtdToken, Token(pid, bytes, toggle, interrupt));
            if (bytes == 0) return;
            ulong page = buffer & ~(ulong)(PageBytes - 1);
            int pages = (int)(((buffer & (PageBytes - 1)) + (ulong)bytes + PageBytes - 1) / PageBytes);
            WriteU32(qtd, QtdBuffers, (uint)buffer);             // the first pointer keeps the offset in its page
            for (int i = 1; i < pages; i++) WriteU32(qtd, QtdBuffers + i * 4, (uint)(page + (ulong)(i * PageBytes)));
        }

        public static uint Token(int pid, int bytes, bool toggle, bool interrupt) =>
            Active | (uint)pid << 8 | ThreeErrors | (interrupt ? InterruptOnComplete : 0) | (uint)bytes << 16 | (toggle ? DataToggle : 0);

        // The bytes a qTD has not moved yet (all of them while it waits, fewer after a short packet).
        public static int BytesLeft(uint token) => (int)((token >> 16) & 0x7FFF);

        // A halted qTD's failure as an errno: babble (the device sent more than asked) is
        // EOVERFLOW, a transaction error (CRC, timeout, bad PID, three times over) or a data
        // buffer error (the controller could not keep up with memory) EPROTO, and a halt with
        // none of them is the device's STALL handshake: EPIPE, as Linux's usb core reports it.
        public static int Failure(uint token)
        {
            if ((token & Babble) != 0) return -(int)LinuxErrno.EOVERFLOW;
            if ((token & (TransactionError | DataBufferError)) != 0) return -(int)LinuxErrno.EPROTO;
            return -(int)LinuxErrno.EPIPE;
        }

        // Reads a chain's tokens in order (with the bytes each was given): false while it runs;
        // true once it is over, with `result` the bytes moved, or the first halted qTD's
        // failure. A qTD that ended short ends the transfer: those after it never run (their
        // alternate pointer led the controller away).
        public static bool Finished(ReadOnlySpan<uint> tokens, ReadOnlySpan<int> lengths, out int result)
        {
            result = 0;
            for (int i = 0; i < tokens.Length; i++)
            {
                uint token = tokens[i];
                if ((token & Halted) != 0)
                {
                    result = Failure(token);
                    return true;
                }
                if ((token & Active) != 0) return false;
                int left = BytesLeft(token);
                if (left > lengths[i])
                {
                    result = -(int)LinuxErrno.EPROTO;       // the controller wrote nonsense
                    return true;
                }
                result += lengths[i] - left;
                if (left != 0) return true;
            }
            return true;
        }

        // A queue head for a high-speed endpoint: its device `address` and `endpoint` number,
        // the endpoint's largest packet, whether the qTDs carry the data toggle (control
        // endpoints: each stage sets its own) or the queue head keeps it (bulk), whether it is
        // the head of the reclamation list; `horizontal` links it to the next queue head. The
        // overlay starts with no qTD.
        public static void WriteQueueHead(Span<byte> qh, uint horizontal, int address, int endpoint, int maxPacket, bool toggleFromQtd, bool head)
        {
            qh.Slice(0, QueueHeadBytes).Clear();
            const uint HighSpeed = 2 << 12, ToggleControl = 1 << 14, ReclamationHead = 1 << 15, OneTransactionPerMicroframe = 1u << 30;
            uint characteristics = (uint)(address & 0x7F) | (uint)(endpoint & 0xF) << 8 | HighSpeed | (uint)(maxPacket & 0x7FF) << 16;
            if (toggleFromQtd) characteristics |= ToggleControl;
            if (head) characteristics |= ReclamationHead;
            WriteU32(qh, Horizontal, horizontal);
            WriteU32(qh, Characteristics, characteristics);
            WriteU32(qh, Capabilities, OneTransactionPerMicroframe);
            WriteU32(qh, OverlayNext, Terminate);
            WriteU32(qh, OverlayAlternate, Terminate);
        }

        public static uint ReadU32(ReadOnlySpan<byte> from, int at) => (uint)(from[at] | from[at + 1] << 8 | from[at + 2] << 16 | from[at + 3] << 24);

        public static void WriteU32(Span<byte> into, int at, uint value)
        {
            into[at] = (byte)value;
            into[at + 1] = (byte)(value >> 8);
            into[at + 2] = (byte)(value >> 16);
            into[at + 3] = (byte)(value >> 24);
        }
    }
}
