using System;
using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Diagnostics
{
    // Runs the CFA instructions of a CIE and an FDE (DWARF 5, section 6.4.2) up to one pc and
    // yields the row in effect there. DWARF expressions are not supported; the remember_state
    // stack has a fixed depth, so nothing is allocated.
    internal struct CfiInterpreter
    {
        private const int MaxRememberedRows = 4;

        [InlineArray(MaxRememberedRows)]
        private struct RememberedRows
        {
            private CfiRow _row0;
        }

        // Primary opcodes keep their operand in the low 6 bits.
        private const byte AdvanceLoc = 0x40, Offset = 0x80, Restore = 0xc0;
        private const byte Nop = 0x00, SetLoc = 0x01, AdvanceLoc1 = 0x02, AdvanceLoc2 = 0x03, AdvanceLoc4 = 0x04,
            OffsetExtended = 0x05, RestoreExtended = 0x06, Undefined = 0x07, SameValue = 0x08, Register = 0x09,
            RememberState = 0x0a, RestoreState = 0x0b, DefCfa = 0x0c, DefCfaRegister = 0x0d, DefCfaOffset = 0x0e,
            OffsetExtendedSf = 0x11, DefCfaSf = 0x12, DefCfaOffsetSf = 0x13, GnuArgsSize = 0x2e;

        private CieRecord _cie;
        private ulong _pc;
        private ulong _location;
        private CfiRow _row;
        // The row after the CIE's instructions: what DW_CFA_restore returns a register to.
        private CfiRow _initialRow;
        private RememberedRows _remembered;
        private int _rememberedCount;

        public static bool TryBuildRow(ReadOnlySpan<byte> section, ulong sectionAddress, in CieRecord cie, in FdeRecord fde, ulong pc, out CfiRow row)
        {
            row = default;
            var interpreter = new CfiInterpreter();
            interpreter._cie = cie;
            interpreter._pc = pc;
            interpreter._location = fde.PcBegin;
            interpreter._row.CfaRegister = CfiRow.NoRegister;
            if (!interpreter.TryRun(new DwarfReader(section, sectionAddress, cie.InstructionsStart, cie.InstructionsEnd))) return false;
            interpreter._initialRow = interpreter._row;
            interpreter._rememberedCount = 0;
            if (!interpreter.TryRun(new DwarfReader(section, sectionAddress, fde.InstructionsStart, fde.InstructionsEnd))) return false;
            row = interpreter._row;
            return true;
        }

        // Stops early, successfully, at the first advance past the pc: later rows describe code
        // the frame has not reached.
        private bool TryRun(DwarfReader reader)
        {
            while (!reader.AtEnd)
            {
                if (!reader.TryReadByte(out byte op) || !TryExecute(ref reader, op, out bool passedPc)) return false;
                if (passedPc) return true;
            }
            return true;
        }

        private bool TryExecute(ref DwarfReader reader, byte op, out bool passedPc)
        {
            passedPc = false;
            ulong column, offset, delta;
            long signedOffset;
            switch (op & 0xc0)
            {
                case AdvanceLoc:
                    return TryAdvanceTo(_location + (ulong)(op & 0x3f) * _cie.CodeAlignment, out passedPc);
                case Offset:
                    return reader.TryReadUleb(out offset) && TrySaveAtFactoredOffset((ulong)(op & 0x3f), offset);
                case Restore:
                    return TryRestore((ulong)(op & 0x3f));
            }
            switch (op)
            {
                case Nop:
                    return true;
                case SetLoc:
                    return reader.TryReadEncodedPointer(_cie.PointerEncoding, out ulong location) && TryAdvanceTo(location, out passedPc);
                case AdvanceLoc1:
                    return reader.TryReadUnsigned(1, out delta) && TryAdvanceTo(_location + delta * _cie.CodeAlignment, out passedPc);
                case AdvanceLoc2:
                    return reader.TryReadUnsigned(2, out delta) && TryAdvanceTo(_location + delta * _cie.CodeAlignment, out passedPc);
                case AdvanceLoc4:
                    return reader.TryReadUnsigned(4, out delta) && TryAdvanceTo(_location + delta * _cie.CodeAlignment, out passedPc);
                case OffsetExtended:
                    return reader.TryReadUleb(out column) && reader.TryReadUleb(out offset) && TrySaveAtFactoredOffset(column, offset);
                case OffsetExtendedSf:
                    return reader.TryReadUleb(out column) && reader.TryReadSleb(out signedOffset)
                           && TryFactor(signedOffset, out long savedAt) && TrySetRule(column, RuleKind.SavedAtCfaOffset, savedAt);
                case RestoreExtended:
                    return reader.TryReadUleb(out column) && TryRestore(column);
                case Undefined:
                    return reader.TryReadUleb(out column) && TrySetRule(column, RuleKind.Undefined, 0);
                case SameValue:
                    return reader.TryReadUleb(out column) && TrySetRule(column, RuleKind.SameValue, 0);
                case Register:
                    return reader.TryReadUleb(out column) && reader.TryReadUleb(out ulong source)
                           && source < CfiRow.Columns && TrySetRule(column, RuleKind.InRegister, (long)source);
                case RememberState:
                    if (_rememberedCount == MaxRememberedRows) return false;
                    _remembered[_rememberedCount++] = _row;
                    return true;
                case RestoreState:
                    if (_rememberedCount == 0) return false;
                    _row = _remembered[--_rememberedCount];
                    return true;
                case DefCfa:
                    return reader.TryReadUleb(out column) && reader.TryReadUleb(out offset)
                           && TrySetCfaRegister(column) && TrySetCfaOffset(offset);
                case DefCfaSf:
                    return reader.TryReadUleb(out column) && reader.TryReadSleb(out signedOffset)
                           && TrySetCfaRegister(column) && TrySetFactoredCfaOffset(signedOffset);
                case DefCfaRegister:
                    return reader.TryReadUleb(out column) && TrySetCfaRegister(column);
                case DefCfaOffset:
                    return reader.TryReadUleb(out offset) && TrySetCfaOffset(offset);
                case DefCfaOffsetSf:
                    return reader.TryReadSleb(out signedOffset) && TrySetFactoredCfaOffset(signedOffset);
                case GnuArgsSize:
                    // Bytes of outgoing arguments pushed at this pc: irrelevant to the CFA.
                    return reader.TryReadUleb(out _);
                default:
                    // DW_CFA_def_cfa_expression, expression, val_* and vendor extensions.
                    return false;
            }
        }

        private bool TryAdvanceTo(ulong location, out bool passedPc)
        {
            passedPc = location > _pc;
            if (!passedPc) _location = location;
            return true;
        }

        private bool TrySaveAtFactoredOffset(ulong column, ulong factoredOffset)
            => factoredOffset <= int.MaxValue && TryFactor((long)factoredOffset, out long savedAt)
               && TrySetRule(column, RuleKind.SavedAtCfaOffset, savedAt);

        // Factored offsets are multiples of the data alignment. Both are bounded (the CIE parser
        // limits the alignment), so the product cannot overflow.
        private bool TryFactor(long factoredOffset, out long offset)
        {
            offset = 0;
            if (factoredOffset < int.MinValue || factoredOffset > int.MaxValue) return false;
            offset = factoredOffset * _cie.DataAlignment;
            return true;
        }

        // Rules for registers beyond the return address column (vector registers) are dropped:
        // nothing the unwinder recovers depends on them.
        private bool TrySetRule(ulong column, RuleKind kind, long operand)
        {
            if (operand < int.MinValue || operand > int.MaxValue) return false;
            if (column >= CfiRow.Columns) return true;
            _row.Rules[(int)column] = new RegisterRule { Kind = kind, Operand = (int)operand };
            return true;
        }

        private bool TryRestore(ulong column)
        {
            if (column < CfiRow.Columns) _row.Rules[(int)column] = _initialRow.Rules[(int)column];
            return true;
        }

        private bool TrySetCfaRegister(ulong column)
        {
            if (column >= CfiRow.Columns) return false;
            _row.CfaRegister = (int)column;
            return true;
        }

        private bool TrySetCfaOffset(ulong offset)
        {
            if (offset > int.MaxValue) return false;
            _row.CfaOffset = (long)offset;
            return true;
        }

        private bool TrySetFactoredCfaOffset(long factoredOffset)
        {
            if (!TryFactor(factoredOffset, out long offset)) return false;
            _row.CfaOffset = offset;
            return true;
        }
    }
}
