using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // Output processing (n_tty's do_output_char and process_echoes): what a program writes and
    // the echo of what is typed go through here into the output queue, with the c_oflag
    // conversions (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, tabs as spaces) and the cursor's
    // column, which erasing needs (how far back a tab or a ^X echo reaches).
    public sealed class TerminalOutput
    {
        private readonly OutputQueue _queue;

        public TerminalOutput(OutputQueue queue) => _queue = queue;

        public int Column { get; private set; }
        public int CanonColumn { get; private set; }   // the column where the line being edited began

        public void MarkCanonColumn() => CanonColumn = Column;

        public void Reset() => Column = CanonColumn = 0;

        // One byte a program wrote. False when the queue has no room for its whole expansion:
        // nothing was queued, and the byte is to be offered again later.
        public bool Put(byte c, in LinuxTermios settings)
        {
            uint o = settings.OutputFlags;
            if ((o & TermiosOutput.OPOST) == 0) return _queue.Put(c);
            switch (c)
            {
                case (byte)'\n':
                    if ((o & TermiosOutput.ONLRET) != 0) Column = 0;
                    if ((o & TermiosOutput.ONLCR) != 0)
                    {
                        if (!_queue.Put("\r\n"u8)) return false;
                        Column = CanonColumn = 0;
                        return true;
                    }
                    if (!_queue.Put(c)) return false;
                    CanonColumn = Column;
                    return true;
                case (byte)'\r':
                    if ((o & TermiosOutput.ONOCR) != 0 && Column == 0) return true;
                    if ((o & TermiosOutput.OCRNL) != 0)
                    {
                        if (!_queue.Put((byte)'\n')) return false;
                        if ((o & TermiosOutput.ONLRET) != 0) Column = CanonColumn = 0;
                        return true;
                    }
                    if (!_queue.Put(c)) return false;
                    Column = CanonColumn = 0;
                    return true;
                case (byte)'\t':
                    int spaces = 8 - (Column & 7);
                    if ((o & TermiosOutput.TABDLY) == TermiosOutput.XTABS)
                    {
                        if (!_queue.Put("        "u8.Slice(0, spaces))) return false;
                    }
                    else if (!_queue.Put(c)) return false;
                    Column += spaces;
                    return true;
                case (byte)'\b':
                    if (!_queue.Put(c)) return false;
                    if (Column > 0) Column--;
                    return true;
                default:
                    if (!IsControl(c) && (o & TermiosOutput.OLCUC) != 0 && c >= 'a' && c <= 'z') c = (byte)(c - 'a' + 'A');
                    if (!_queue.Put(c)) return false;
                    if (!IsControl(c) && !IsContinuation(c, settings)) Column++;
                    return true;
            }
        }

        // Echo of a typed character (echo_char): with ECHOCTL a control character other than tab
        // shows as ^X. An echo that finds no room is dropped, as typing on a full line is.
        public void Echo(byte c, in LinuxTermios settings)
        {
            if ((settings.LocalFlags & TermiosLocal.ECHOCTL) != 0 && IsControl(c) && c != '\t') EchoControl(c);
            else Put(c, settings);
        }

        // A character's own echo, never as ^X (echo_char_raw): newlines, and the "\b \b" of erasing.
        public void EchoRaw(byte c, in LinuxTermios settings) => Put(c, settings);

        private void EchoControl(byte c)
        {
            Span<byte> shown = stackalloc byte[2];
            shown[0] = (byte)'^';
            shown[1] = (byte)(c ^ 0x40);
            if (_queue.Put(shown)) Column += 2;
        }

        // Backs over a tab (ECHO_OP_ERASE_TAB): `columns` is how many columns the line used since
        // its start (or since an earlier tab, afterTab); the tab took the rest of its 8.
        public void EraseTab(int columns, bool afterTab, in LinuxTermios settings)
        {
            if (!afterTab) columns += CanonColumn;
            int back = 8 - (columns & 7);
            if (back > Column) back = Column;
            for (int i = 0; i < back; i++)
            {
                if (!_queue.Put((byte)'\b')) return;
                Column--;
            }
        }

        public void MoveBack() { if (Column > 0) Column--; }

        // Linux's iscntrl: C0 and DEL.
        public static bool IsControl(byte c) => c < 0x20 || c == 0x7F;

        // A UTF-8 continuation byte, when the input is UTF-8 (IUTF8): it adds no column and is
        // erased with the character it belongs to.
        public static bool IsContinuation(byte c, in LinuxTermios settings) =>
            (settings.InputFlags & TermiosInput.IUTF8) != 0 && (c & 0xC0) == 0x80;
    }
}
