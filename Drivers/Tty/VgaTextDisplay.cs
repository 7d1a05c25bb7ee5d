using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The VGA text buffer (80x25 cells at physical 0xB8000, mapped into the driver) and the
    // hardware cursor (the CRTC's registers through ports 0x3D4/0x3D5). The screen model's
    // cells are in the buffer's own form, so a changed row is a copy.
    internal sealed unsafe class VgaTextDisplay : ConsoleDisplay
    {
        private const ushort CrtcIndex = 0x3D4, CrtcData = 0x3D5;
        private const byte CursorStart = 0x0A, CursorEnd = 0x0B, CursorHigh = 0x0E, CursorLow = 0x0F;
        private const byte CursorOff = 0x20;
        private readonly ushort* _cells;
        private readonly int _columns, _rows;
        private int _cursor = -1;
        private bool _cursorShown;

        public VgaTextDisplay(ushort* cells, int columns, int rows)
        {
            _cells = cells;
            _columns = columns;
            _rows = rows;
            SetCursorShape(true);
        }

        public override int Columns => _columns;
        public override int Rows => _rows;

        public override void Show(ConsoleScreen screen)
        {
            for (int row = 0; row < _rows; row++)
            {
                if (!screen.TakeDirty(row)) continue;
                ushort* line = _cells + row * _columns;
                int column = 0;
                foreach (ushort cell in screen.RowCells(row)) line[column++] = cell;
            }
            if (screen.CursorVisible != _cursorShown) SetCursorShape(screen.CursorVisible);
            int cursor = screen.Row * _columns + screen.Column;
            if (cursor == _cursor) return;
            _cursor = cursor;
            Crtc(CursorHigh, (byte)(cursor >> 8));
            Crtc(CursorLow, (byte)cursor);
        }

        // An underline in the cell's last two scan lines (of 16), or none.
        private void SetCursorShape(bool shown)
        {
            _cursorShown = shown;
            Crtc(CursorStart, shown ? (byte)14 : CursorOff);
            Crtc(CursorEnd, 15);
        }

        private static void Crtc(byte register, byte value)
        {
            PortIo.Out8(CrtcIndex, register);
            PortIo.Out8(CrtcData, value);
        }
    }
}
