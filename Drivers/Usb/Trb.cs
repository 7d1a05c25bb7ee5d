namespace Lunix.Drivers.Usb
{
    // One Transfer Request Block (xHCI 1.2, 4.11 and 6.4): the 16 bytes every ring of the
    // controller is made of, commands, transfers and events alike: a 64-bit parameter (an
    // address, or a SETUP packet inline), a status word, and a control word that holds the
    // cycle bit and the TRB's type. The fields each kind reads are TrbLayouts'.
    public struct Trb
    {
        public ulong Parameter;
        public uint Status, Control;

        public Trb(ulong parameter, uint status, uint control)
        {
            Parameter = parameter;
            Status = status;
            Control = control;
        }

        public readonly int Type => (int)((Control >> 10) & 0x3F);
        public readonly bool Cycle => (Control & 1) != 0;

        // An event's completion code, its slot and endpoint (DCI), and a transfer event's
        // residue: the bytes of its TRB not moved.
        public readonly int CompletionCode => (int)(Status >> 24);
        public readonly int Slot => (int)(Control >> 24);
        public readonly int Endpoint => (int)((Control >> 16) & 0x1F);
        public readonly int Residue => (int)(Status & 0xFFFFFF);
    }
}
