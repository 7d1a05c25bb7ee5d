using System;
using Lunix.Kernel.Boot;
using Lunix.Fonts;

namespace Lunix.Kernel.Console
{
    // A text console drawn on a 32-bit linear framebuffer (what UEFI boots give us), with the
    // glyphs of GRUB's PF2 font passed as the "font" boot module.
    public sealed unsafe class FramebufferScreen : IScreen
    {
        private readonly byte* _memory;         // the boot mode's first pixel
        private readonly ulong _memoryBytes;    // and its bytes: all the kernel draws in
        private byte* _pixels;
        private uint _pitch;
        private readonly Pf2Font _font;
        private readonly int _cellWidth, _cellHeight;
        private int _columns, _rows;
        private readonly uint _foreground;
        private int _column, _row;

        // `pixels`: where the kernel reaches the framebuffer (its direct-map address).
        public FramebufferScreen(byte* pixels, Framebuffer framebuffer, Pf2Font font)
        {
            _memory = _pixels = pixels;
            _memoryBytes = (ulong)framebuffer.Pitch * framebuffer.Height;
            _pitch = framebuffer.Pitch;
            _font = font;
            // A monospace cell: the advance of a wide glyph (MaxWidth over-counts for this use).
            _cellWidth = font.TryGetGlyph('M', out Glyph m) && m.DeviceWidth > 0 ? m.DeviceWidth : 8;
            _cellHeight = font.Ascent + font.Descent > 0 ? font.Ascent + font.Descent : 16;
            _columns = (int)framebuffer.Width / _cellWidth;
            _rows = (int)framebuffer.Height / _cellHeight;
            // Light grey in whatever channel layout the firmware chose.
            _foreground = 0xC0u << framebuffer.RedPosition | 0xC0u << framebuffer.GreenPosition | 0xC0u << framebuffer.BluePosition;
        }

        // DIAGCTL ScreenMode (SystemConsole.SetScreenMode): a mode a program set through the terminal driver (a smaller or larger resolution, the
        // visible part panned): the grid fitted to it, within the boot mode's memory (a larger
        // mode's lower rows are left undrawn). The next Clear starts on it.
        public bool Reshape(uint width, uint height, uint pitch, ulong origin)
        {
            if (width == 0 || (ulong)pitch < (ulong)width * 4 || origin >= _memoryBytes) return false;
            ulong lines = Math.Min(height, (_memoryBytes - origin) / pitch);
            int columns = (int)(width / (uint)_cellWidth), rows = (int)(lines / (ulong)_cellHeight);
            if (columns == 0 || rows == 0) return false;
            _pixels = _memory + origin;
            _pitch = pitch;
            _columns = columns;
            _rows = rows;
            _column = _row = 0;
            return true;
        }

        public void Clear()
        {
            for (int y = 0; y < _rows * _cellHeight; y++)
                new Span<uint>(_pixels + y * _pitch, _columns * _cellWidth).Clear();
            _column = _row = 0;
        }

        public void Write(ReadOnlySpan<char> text)
        {
            ScrollFor(text);
            foreach (char c in text) Put(c);
        }

        // Scrolls once, up front, by every row the text will add below the screen: each scroll
        // moves the whole framebuffer, so one per batch instead of one per line. The cursor may
        // then start above the top; rows there are not drawn (they would scroll off anyway).
        private void ScrollFor(ReadOnlySpan<char> text)
        {
            int row = _row, column = _column;
            foreach (char c in text)
            {
                if (c == '\r') column = 0;
                else if (c == '\b') { if (column > 0) column--; }
                else if (c == '\t') column = NextTabStop(column);
                else if (c == '\n' || ++column == _columns) { row++; column = 0; }
            }
            int overflow = row - (_rows - 1);
            if (overflow <= 0) return;
            ScrollUp(Math.Min(overflow, _rows));
            _row -= overflow;
        }

        // A terminal's line editing needs carriage return, backspace and tab: backspace moves
        // left (the echo of an erase then writes a space over the character), a tab to the next
        // multiple of 8, never past the last column.
        private void Put(char c)
        {
            if (c == '\r') { _column = 0; return; }
            if (c == '\b') { if (_column > 0) _column--; return; }
            if (c == '\t')
            {
                for (int stop = NextTabStop(_column); _column < stop; _column++)
                    if (_row >= 0) DrawCell(' ');
                return;
            }
            if (c == '\n') { NewLine(); return; }
            if (_row >= 0) DrawCell(c);
            if (++_column == _columns) NewLine();
        }

        private void DrawCell(char c) =>
            GlyphCell.Draw(_font, _pixels, (int)_pitch, _column * _cellWidth, _row * _cellHeight, _cellWidth, _cellHeight, c, _foreground, 0);

        private int NextTabStop(int column) => Math.Min((column / 8 + 1) * 8, _columns - 1);

        private void NewLine()
        {
            _column = 0;
            if (++_row < _rows) return;
            ScrollUp(1);
            _row = _rows - 1;
        }

        // Moves the text up by `count` rows and clears the rows that come free at the bottom.
        private void ScrollUp(int count)
        {
            int rowBytes = (int)_pitch * _cellHeight;
            if (count < _rows)
                new Span<byte>(_pixels + rowBytes * count, rowBytes * (_rows - count)).CopyTo(new Span<byte>(_pixels, rowBytes * (_rows - count)));
            for (int y = (_rows - count) * _cellHeight; y < _rows * _cellHeight; y++)
                new Span<uint>(_pixels + y * _pitch, _columns * _cellWidth).Clear();
        }
    }
}
