using System;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Console
{
    // The EGA/VGA text buffer a BIOS boot leaves us in: 16-bit cells of character and colour.
    public sealed unsafe class VgaTextScreen : IScreen
    {
        private const ushort Attribute = 0x07 << 8;             // light grey on black
        private readonly ushort* _cells;
        private readonly int _columns, _rows;
        private int _column, _row;

        public VgaTextScreen(ulong physicalAddress, int columns, int rows)
        {
            _cells = (ushort*)DirectMap.ToVirtual(physicalAddress);
            _columns = columns;
            _rows = rows;
        }

        public void Clear()
        {
            for (int i = 0; i < _columns * _rows; i++) _cells[i] = Attribute | ' ';
            _column = _row = 0;
        }

        public void Write(ReadOnlySpan<char> text)
        {
            foreach (char c in text) Put(c);
        }

        // Carriage return, backspace and tab as a terminal has them (FramebufferScreen.Put).
        private void Put(char c)
        {
            if (c == '\r') { _column = 0; return; }
            if (c == '\b') { if (_column > 0) _column--; return; }
            if (c == '\t')
            {
                for (int stop = Math.Min((_column / 8 + 1) * 8, _columns - 1); _column < stop; _column++)
                    _cells[_row * _columns + _column] = Attribute | ' ';
                return;
            }
            if (c == '\n') { NewLine(); return; }
            _cells[_row * _columns + _column] = (ushort)(Attribute | (c < 0x80 ? c : '?'));
            if (++_column == _columns) NewLine();
        }

        private void NewLine()
        {
            _column = 0;
            if (++_row < _rows) return;
            int visible = _columns * (_rows - 1);
            for (int i = 0; i < visible; i++) _cells[i] = _cells[i + _columns];
            for (int i = visible; i < visible + _columns; i++) _cells[i] = Attribute | ' ';
            _row = _rows - 1;
        }
    }
}
