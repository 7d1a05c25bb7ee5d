using System;
using Lunix.Fonts;

namespace Lunix.Drivers.Tty
{
    // A 32-bit linear framebuffer (GOP's under UEFI, mapped into the driver write-combining)
    // drawn as a text screen in the glyphs of GRUB's PF2 font (the "font" boot module the kernel
    // draws with too; Kernel/Console/Pf2Font.cs is compiled into the driver): each changed cell
    // is filled with its background colour and its glyph set in its foreground colour, VGA's
    // sixteen colours, and the cursor is an underline.
    internal sealed unsafe class FramebufferDisplay : ConsoleDisplay
    {
        // VGA's palette as 0xRRGGBB, in attribute order (blue = 1, red = 4, bright = 8).
        private static readonly uint[] s_palette =
        {
            0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
            0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
        };

        private byte* _pixels;
        private int _pitch, _columns, _rows;
        private readonly Pf2Font _font;
        private readonly int _cellWidth, _cellHeight;
        private readonly uint[] _colours = new uint[16];
        private int _cursorRow = -1, _cursorColumn;

        public FramebufferDisplay(byte* pixels, int width, int height, int pitch, Pf2Font font, in PixelLayout layout)
        {
            _font = font;
            // A monospace cell, as the kernel's FramebufferScreen measures it.
            _cellWidth = font.TryGetGlyph('M', out Glyph m) && m.DeviceWidth > 0 ? m.DeviceWidth : 8;
            _cellHeight = font.Ascent + font.Descent > 0 ? font.Ascent + font.Descent : 16;
            for (int i = 0; i < 16; i++) _colours[i] = layout.Pixel(s_palette[i]);
            Reshape(pixels, width, height, pitch);
        }

        // A new mode, or the visible part panned (FramebufferDevice): the grid fitted to it and no
        // cursor drawn yet; the screen must then be drawn whole.
        public void Reshape(byte* pixels, int width, int height, int pitch)
        {
            _pixels = pixels;
            _pitch = pitch;
            _columns = width / _cellWidth;
            _rows = height / _cellHeight;
            _cursorRow = -1;
        }

        public override int Columns => _columns;
        public override int Rows => _rows;

        public override void Show(ConsoleScreen screen)
        {
            bool cursorRowDrawn = false;
            for (int row = 0; row < _rows; row++)
            {
                if (!screen.TakeDirty(row)) continue;
                ReadOnlySpan<ushort> cells = screen.RowCells(row);
                for (int column = 0; column < _columns; column++) DrawCell(row, column, cells[column]);
                cursorRowDrawn |= row == _cursorRow;
            }
            // The old cursor's cell drawn plain, the new one's underlined.
            if (_cursorRow >= 0 && !cursorRowDrawn) DrawCell(_cursorRow, _cursorColumn, screen.Cell(_cursorRow, _cursorColumn));
            _cursorRow = screen.Row;
            _cursorColumn = screen.Column;
            if (screen.CursorVisible) DrawCursor(screen.Cell(_cursorRow, _cursorColumn));
        }

        private void DrawCell(int row, int column, ushort cell) =>
            GlyphCell.Draw(_font, _pixels, _pitch, column * _cellWidth, row * _cellHeight, _cellWidth, _cellHeight, (char)(cell & 0xFF),
                           _colours[cell >> 8 & 0x0F], _colours[cell >> 12 & 0x0F]);

        private void DrawCursor(ushort cell)
        {
            uint colour = _colours[cell >> 8 & 0x0F];
            int left = _cursorColumn * _cellWidth, bottom = (_cursorRow + 1) * _cellHeight;
            for (int y = bottom - 2; y < bottom; y++)
                new Span<uint>(_pixels + y * _pitch + left * 4, _cellWidth).Fill(colour);
        }
    }
}
