using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Diagnostics
{
    internal enum RuleKind : byte
    {
        SameValue,        // the caller's value is still in the register (the default)
        Undefined,        // not recoverable; for the return address: this is the outermost frame
        SavedAtCfaOffset, // stored at CFA + Operand
        InRegister,       // copied into register Operand
    }

    internal struct RegisterRule
    {
        public RuleKind Kind;
        public int Operand;
    }

    [InlineArray(CfiRow.Columns)]
    internal struct RegisterRules
    {
        private RegisterRule _column0;
    }

    // One row of a function's CFI table: how to compute the CFA (the caller's stack pointer) at a
    // pc, and where each of the caller's registers is, by DWARF register number.
    internal struct CfiRow
    {
        public const int Columns = UnwindRegisters.ReturnAddress + 1;
        public const int NoRegister = -1;

        public int CfaRegister;
        public long CfaOffset;
        public RegisterRules Rules;

        // The caller's registers. Reads only what the rules need; changes registers only on success.
        public readonly bool TryApply(ref UnwindRegisters registers, IStackMemory memory)
        {
            if (!registers.TryGet(CfaRegister, out ulong cfaBase)) return false;
            ulong cfa = cfaBase + (ulong)CfaOffset;
            RuleKind returnAddressRule = Rules[UnwindRegisters.ReturnAddress].Kind;
            if (returnAddressRule == RuleKind.SameValue) return false;

            UnwindRegisters caller = registers;
            for (int column = 0; column < Columns; column++)
            {
                // The CFA is the caller's stack pointer by definition; other registers are
                // caller-saved, so no later frame needs them.
                if (column == UnwindRegisters.StackPointer || !registers.TryGet(column, out ulong current)) continue;
                if (!TryRecover(Rules[column], current, in registers, cfa, memory, out ulong value)) return false;
                caller.TrySet(column, value);
            }
            caller.Rsp = cfa;
            registers = caller;
            return true;
        }

        private static bool TryRecover(RegisterRule rule, ulong current, in UnwindRegisters registers, ulong cfa, IStackMemory memory, out ulong value)
        {
            switch (rule.Kind)
            {
                case RuleKind.SameValue: value = current; return true;
                case RuleKind.Undefined: value = 0; return true;
                case RuleKind.SavedAtCfaOffset: return memory.TryRead(cfa + (ulong)(long)rule.Operand, out value);
                case RuleKind.InRegister: return registers.TryGet(rule.Operand, out value);
                default: value = 0; return false;
            }
        }
    }
}
