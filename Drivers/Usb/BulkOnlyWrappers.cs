using System;

namespace Lunix.Drivers.Usb
{
    // The Bulk-Only Transport's wrappers (USB Mass Storage Bulk-Only 1.0, 5.1-5.3): the 31-byte
    // Command Block Wrapper sent before a command, and the 13-byte Command Status Wrapper that
    // ends it, checked as the specification says a host checks it (6.3): its size, signature
    // and tag make it valid; its status and residue make it meaningful. Pure, so the hosted
    // tests check them.
    public static class BulkOnlyWrappers
    {
        public const int CbwBytes = 31, CswBytes = 13, MaxCommandBytes = 16;
        private const uint CbwSignature = 0x43425355, CswSignature = 0x53425355;     // "USBC", "USBS"
        private const byte DataIn = 0x80;

        public static void WriteCbw(Span<byte> cbw, uint tag, uint dataBytes, bool dataIn, int lun, ReadOnlySpan<byte> command)
        {
            cbw.Slice(0, CbwBytes).Clear();
            QueueLayouts.WriteU32(cbw, 0, CbwSignature);
            QueueLayouts.WriteU32(cbw, 4, tag);
            QueueLayouts.WriteU32(cbw, 8, dataBytes);
            cbw[12] = dataIn ? DataIn : (byte)0;
            cbw[13] = (byte)(lun & 0xF);
            cbw[14] = (byte)command.Length;
            command.CopyTo(cbw.Slice(15, MaxCommandBytes));
        }

        // The device's verdict in `csw` (of which `received` bytes came) on the command with `tag`
        // that asked for `dataBytes`: Passed or Failed with `residue` (the bytes it did not
        // move), PhaseError, or Invalid (not a CSW, or not this command's): the last two call
        // for a reset recovery.
        public static CswVerdict CheckCsw(ReadOnlySpan<byte> csw, int received, uint tag, uint dataBytes, out uint residue)
        {
            residue = 0;
            if (received != CswBytes || QueueLayouts.ReadU32(csw, 0) != CswSignature || QueueLayouts.ReadU32(csw, 4) != tag) return CswVerdict.Invalid;
            residue = QueueLayouts.ReadU32(csw, 8);
            switch (csw[12])
            {
                case 0: return residue <= dataBytes ? CswVerdict.Passed : CswVerdict.Invalid;
                case 1: return residue <= dataBytes ? CswVerdict.Failed : CswVerdict.Invalid;
                case 2: return CswVerdict.PhaseError;
                default: return CswVerdict.Invalid;
            }
        }
    }

    public enum CswVerdict { Passed, Failed, PhaseError, Invalid }
}
