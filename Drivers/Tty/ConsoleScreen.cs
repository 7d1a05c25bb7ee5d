using System;

namespace Lunix.Drivers.Tty
{
    // One virtual console's screen as a grid of VGA text cells (character in the low byte,
    // attribute in the high: the form the VGA text buffer takes, so that display copies rows;
    // the framebuffer draws glyphs from it), with the cursor, the scroll region and the
    // operations Linux's console (vt.c) performs for its escape sequences. It keeps its
    // contents while another console is shown. Changed rows are marked for the display.
    public sealed class ConsoleScreen
    {
        public const byte DefaultAttribute = 0x07;      // light grey on black

        public int Columns { get; private set; }
        public int Rows { get; private set; }
        private ushort[] _cells;
        private bool[] _dirty;

        public int Row { get; private set; }
        public int Column { get; private set; }
        public byte Attribute = DefaultAttribute;
        public bool CursorVisible = true;
        private bool _wrapPending;                       // a character went into the last column (vt.c's need_wrap)
        private int _top, _bottom;                       // the scroll region, inclusive
        private int _savedRow, _savedColumn;
        private byte _savedAttribute = DefaultAttribute;

        public ConsoleScreen(int columns, int rows)
        {
            Columns = columns;
            Rows = rows;
            _cells = new ushort[columns * rows];
            _dirty = new bool[rows];
            Reset();
        }

        // A new size (the framebuffer's mode changed), as Linux's vc_resize makes it: the text
        // kept from the top left, except that rows go off the top until the cursor's row fits;
        // the scroll region the whole screen again, the cursor (and the saved one) within it.
        public void Resize(int columns, int rows)
        {
            if (columns == Columns && rows == Rows) return;
            int dropped = Math.Max(0, Row - (rows - 1));
            var cells = new ushort[columns * rows];
            cells.AsSpan().Fill((ushort)(DefaultAttribute << 8 | ' '));
            int keptRows = Math.Min(rows, Rows - dropped), keptColumns = Math.Min(columns, Columns);
            for (int row = 0; row < keptRows; row++)
                _cells.AsSpan((row + dropped) * Columns, keptColumns).CopyTo(cells.AsSpan(row * columns));
            _cells = cells;
            _dirty = new bool[rows];
            Columns = columns;
            Rows = rows;
            _top = 0;
            _bottom = rows - 1;
            _savedRow = Math.Max(0, Math.Min(_savedRow - dropped, rows - 1));
            _savedColumn = Math.Min(_savedColumn, columns - 1);
            MoveTo(Row - dropped, Column);
            MarkAllDirty();
        }

        public ushort Cell(int row, int column) => _cells[row * Columns + column];
        public char Character(int row, int column) => (char)(_cells[row * Columns + column] & 0xFF);
        public ReadOnlySpan<ushort> RowCells(int row) => new ReadOnlySpan<ushort>(_cells, row * Columns, Columns);

        // Whether a row changed since the display last took it; taking clears the mark.
        public bool TakeDirty(int row)
        {
            bool dirty = _dirty[row];
            _dirty[row] = false;
            return dirty;
        }

        public void MarkAllDirty() => _dirty.AsSpan().Fill(true);

        // The text of a row, trailing blanks left out (tests, debugging).
        public string RowText(int row)
        {
            int length = Columns;
            while (length > 0 && Character(row, length - 1) == ' ') length--;
            char[] text = new char[length];
            for (int c = 0; c < length; c++) text[c] = Character(row, c);
            return new string(text);
        }

        public void Reset()
        {
            Attribute = DefaultAttribute;
            CursorVisible = true;
            _top = 0;
            _bottom = Rows - 1;
            Erase(0, Columns * Rows);
            MoveTo(0, 0);
        }

        private ushort Blank => (ushort)(Attribute << 8 | ' ');

        // A printable character at the cursor; the cursor advances, wrapping at the next one.
        public void Put(byte c)
        {
            if (_wrapPending)
            {
                Column = 0;
                LineFeed();
                _wrapPending = false;
            }
            _cells[Row * Columns + Column] = (ushort)(Attribute << 8 | c);
            _dirty[Row] = true;
            if (Column == Columns - 1) _wrapPending = true;
            else Column++;
        }

        public void MoveTo(int row, int column)
        {
            Row = Math.Max(0, Math.Min(row, Rows - 1));
            Column = Math.Max(0, Math.Min(column, Columns - 1));
            _wrapPending = false;
        }

        public void CarriageReturn() => MoveTo(Row, 0);

        public void Backspace()
        {
            if (_wrapPending) _wrapPending = false;
            else if (Column > 0) Column--;
        }

        public void Tab()
        {
            int stop = Math.Min((Column / 8 + 1) * 8, Columns - 1);
            MoveTo(Row, stop);
        }

        // Down a row; at the scroll region's bottom the region scrolls up.
        public void LineFeed()
        {
            _wrapPending = false;
            if (Row == _bottom) ScrollUp(_top, _bottom, 1);
            else if (Row < Rows - 1) Row++;
        }

        // Up a row (ESC M); at the region's top the region scrolls down.
        public void ReverseLineFeed()
        {
            _wrapPending = false;
            if (Row == _top) ScrollDown(_top, _bottom, 1);
            else if (Row > 0) Row--;
        }

        public void SetScrollRegion(int top, int bottom)
        {
            if (top < 0 || bottom >= Rows || top >= bottom) return;
            _top = top;
            _bottom = bottom;
            MoveTo(0, 0);
        }

        public void SaveCursor()
        {
            _savedRow = Row;
            _savedColumn = Column;
            _savedAttribute = Attribute;
        }

        public void RestoreCursor()
        {
            Attribute = _savedAttribute;
            MoveTo(_savedRow, _savedColumn);
        }

        // ESC [ n J: 0 from the cursor to the end, 1 from the start to the cursor, 2 all.
        public void EraseInDisplay(int mode)
        {
            int at = Row * Columns + Column;
            if (mode == 0) Erase(at, Columns * Rows - at);
            else if (mode == 1) Erase(0, at + 1);
            else if (mode == 2 || mode == 3) Erase(0, Columns * Rows);
        }

        // ESC [ n K: the same within the cursor's row.
        public void EraseInLine(int mode)
        {
            int start = Row * Columns;
            if (mode == 0) Erase(start + Column, Columns - Column);
            else if (mode == 1) Erase(start, Column + 1);
            else if (mode == 2) Erase(start, Columns);
        }

        // ESC [ n X: n characters from the cursor, which stays.
        public void EraseCharacters(int count) => Erase(Row * Columns + Column, Math.Min(count, Columns - Column));

        // ESC [ n @ and ESC [ n P: the rest of the row moves right (blanks come in) or left.
        public void InsertCharacters(int count)
        {
            count = Math.Min(count, Columns - Column);
            Span<ushort> row = _cells.AsSpan(Row * Columns, Columns);
            row.Slice(Column, Columns - Column - count).CopyTo(row.Slice(Column + count));
            row.Slice(Column, count).Fill(Blank);
            _dirty[Row] = true;
        }

        public void DeleteCharacters(int count)
        {
            count = Math.Min(count, Columns - Column);
            Span<ushort> row = _cells.AsSpan(Row * Columns, Columns);
            row.Slice(Column + count).CopyTo(row.Slice(Column));
            row.Slice(Columns - count).Fill(Blank);
            _dirty[Row] = true;
        }

        // ESC [ n L and ESC [ n M: rows inserted or deleted at the cursor, within the region.
        public void InsertLines(int count)
        {
            if (Row < _top || Row > _bottom) return;
            ScrollDown(Row, _bottom, count);
            MoveTo(Row, 0);
        }

        public void DeleteLines(int count)
        {
            if (Row < _top || Row > _bottom) return;
            ScrollUp(Row, _bottom, count);
            MoveTo(Row, 0);
        }

        public void ScrollUp(int top, int bottom, int count)
        {
            count = Math.Min(count, bottom - top + 1);
            int moved = (bottom - top + 1 - count) * Columns;
            _cells.AsSpan((top + count) * Columns, moved).CopyTo(_cells.AsSpan(top * Columns));
            Erase((bottom - count + 1) * Columns, count * Columns);
            MarkDirty(top, bottom);
        }

        public void ScrollDown(int top, int bottom, int count)
        {
            count = Math.Min(count, bottom - top + 1);
            int moved = (bottom - top + 1 - count) * Columns;
            _cells.AsSpan(top * Columns, moved).CopyTo(_cells.AsSpan((top + count) * Columns));
            Erase(top * Columns, count * Columns);
            MarkDirty(top, bottom);
        }

        private void Erase(int start, int count)
        {
            if (count <= 0) return;
            _cells.AsSpan(start, count).Fill(Blank);
            MarkDirty(start / Columns, (start + count - 1) / Columns);
        }

        private void MarkDirty(int first, int last)
        {
            for (int row = first; row <= last; row++) _dirty[row] = true;
        }
    }
}
