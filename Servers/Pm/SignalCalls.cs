using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // The signal calls of a process about itself (MINIX's do_sigaction and friends, with Linux's
    // arguments): rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack, rt_sigsuspend, pause,
    // rt_sigtimedwait and rt_sigreturn. Signals they unblock are delivered with the call's answer.
    internal static class SignalCalls
    {
        private const int KernelSigactionBytes = 32;          // handler, flags, restorer, mask
        private const ulong KnownFlags = LinuxSignals.SA_NOCLDSTOP | LinuxSignals.SA_NOCLDWAIT | LinuxSignals.SA_SIGINFO
                                         | LinuxSignals.SA_ONSTACK | LinuxSignals.SA_RESTART | LinuxSignals.SA_NODEFER
                                         | LinuxSignals.SA_RESETHAND | LinuxSignals.SA_RESTORER | LinuxSignals.SA_EXPOSE_TAGBITS;
        private static readonly long Invalid = -(long)LinuxErrno.EINVAL, Fault = -(long)LinuxErrno.EFAULT;

        // rt_sigaction(signal, act, oldact, sigsetsize). EINVAL for a bad signal or set size, or
        // for changing SIGKILL's or SIGSTOP's action (asking about it is fine). Flags Linux does
        // not know are dropped, so a program can tell what is supported by reading them back.
        public static long Action(int record, long signal, ulong newAddress, ulong oldAddress, long setSize)
        {
            if (setSize != LinuxSignals.SetSize || !LinuxSignals.IsValid((int)signal) || signal > LinuxSignals.Max) return Invalid;
            if (newAddress != 0 && (signal == LinuxSignals.SIGKILL || signal == LinuxSignals.SIGSTOP)) return Invalid;
            ref PosixProcess process = ref PosixProcesses.At(record);
            ref SignalAction action = ref SignalActions.Of(record, (int)signal);
            SignalAction old = action;
            if (newAddress != 0)
            {
                Span<byte> bytes = stackalloc byte[KernelSigactionBytes];
                if (UserMemory.Read(process.Endpoint, newAddress, bytes) != 0) return Fault;
                action = new SignalAction
                {
                    Handler = BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                    Flags = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8)) & KnownFlags,
                    Restorer = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(16)),
                    Mask = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(24)) & ~LinuxSignals.Unblockable,
                };
                Disposition now = SignalActions.DispositionOf(record, (int)signal);
                if (now == Disposition.Ignore || now == Disposition.Continue) PendingSignals.Discard(record, LinuxSignals.Bit((int)signal));
            }
            if (oldAddress != 0)
            {
                Span<byte> bytes = stackalloc byte[KernelSigactionBytes];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, old.Handler);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(8), old.Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(16), old.Restorer);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(24), old.Mask);
                if (UserMemory.Write(process.Endpoint, oldAddress, bytes) != 0) return Fault;
            }
            return 0;
        }

        // rt_sigprocmask(how, set, oldset, sigsetsize): SIGKILL and SIGSTOP stay unblocked.
        public static long ProcMask(int record, long how, ulong setAddress, ulong oldAddress, long setSize)
        {
            if (setSize != LinuxSignals.SetSize) return Invalid;
            ref PosixProcess process = ref PosixProcesses.At(record);
            ulong old = process.Mask;
            if (setAddress != 0)
            {
                if (UserMemory.ReadUInt64(process.Endpoint, setAddress, out ulong set) != 0) return Fault;
                switch (how)
                {
                    case LinuxSignals.SIG_BLOCK: process.Mask |= set; break;
                    case LinuxSignals.SIG_UNBLOCK: process.Mask &= ~set; break;
                    case LinuxSignals.SIG_SETMASK: process.Mask = set; break;
                    default: return Invalid;
                }
                process.Mask &= ~LinuxSignals.Unblockable;
            }
            return oldAddress != 0 ? UserMemory.WriteUInt64(process.Endpoint, oldAddress, old) : 0;
        }

        // rt_sigpending(set, sigsetsize): the pending signals that are blocked.
        public static long Pending(int record, ulong address, long setSize)
        {
            if (setSize < 0 || setSize > LinuxSignals.SetSize) return Invalid;
            ref PosixProcess process = ref PosixProcesses.At(record);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, PendingSignals.Of(record) & process.Mask);
            return UserMemory.Write(process.Endpoint, address, bytes.Slice(0, (int)setSize));
        }

        // sigaltstack(ss, old_ss): stack_t is ss_sp, ss_flags (int), ss_size. EPERM to change it
        // while on it, EINVAL for unknown flags, ENOMEM below MINSIGSTKSZ.
        public static long AltStack(int record, ulong newAddress, ulong oldAddress)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            long sp = Kernel.ReadRegister(process.Endpoint, UserRegisters.StackPointer);
            bool onIt = sp >= 0 && SignalFrame.IsOnStack((ulong)sp, in process.AltStack);
            SignalStack old = process.AltStack;
            if (newAddress != 0)
            {
                Span<byte> bytes = stackalloc byte[24];
                if (UserMemory.Read(process.Endpoint, newAddress, bytes) != 0) return Fault;
                var wanted = new SignalStack
                {
                    Base = BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                    Flags = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(8)),
                    Size = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(16)),
                };
                long set = SetAltStack(ref process.AltStack, wanted, onIt);
                if (set != 0) return set;
            }
            if (oldAddress == 0) return 0;
            Span<byte> report = stackalloc byte[24];
            report.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(report, old.Base);
            int flags = old.Size == 0 ? LinuxSignals.SS_DISABLE : (onIt ? LinuxSignals.SS_ONSTACK : 0) | old.Flags;
            BinaryPrimitives.WriteInt32LittleEndian(report.Slice(8), flags);
            BinaryPrimitives.WriteUInt64LittleEndian(report.Slice(16), old.Size);
            return UserMemory.Write(process.Endpoint, oldAddress, report);
        }

        // Linux's do_sigaltstack.
        public static long SetAltStack(ref SignalStack stack, SignalStack wanted, bool onIt)
        {
            if (onIt) return -(long)LinuxErrno.EPERM;
            int mode = wanted.Flags & ~LinuxSignals.SS_AUTODISARM;
            if (mode != LinuxSignals.SS_DISABLE && mode != LinuxSignals.SS_ONSTACK && mode != 0) return Invalid;
            if (mode == LinuxSignals.SS_DISABLE)
            {
                stack = default;
                return 0;
            }
            if (wanted.Size < LinuxSignals.MinimumAltStack) return -(long)LinuxErrno.ENOMEM;
            stack = new SignalStack { Base = wanted.Base, Size = wanted.Size, Flags = wanted.Flags & LinuxSignals.SS_AUTODISARM };
            return 0;
        }

        // rt_sigsuspend(mask, sigsetsize): the mask until a handler runs (then -EINTR, and the
        // handler's return puts the old mask back).
        public static long Suspend(int record, ulong maskAddress, long setSize)
        {
            if (setSize != LinuxSignals.SetSize) return Invalid;
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (UserMemory.ReadUInt64(process.Endpoint, maskAddress, out ulong mask) != 0) return Fault;
            process.SavedMask = process.Mask;
            process.Mask = mask & ~LinuxSignals.Unblockable;
            process.Held = HeldCall.Suspend;
            return ProcessCalls.NoReply;
        }

        public static long Pause(int record)
        {
            PosixProcesses.At(record).Held = HeldCall.Pause;
            return ProcessCalls.NoReply;
        }

        // rt_sigtimedwait(set, info, timeout, sigsetsize): one of the signals in the set, taken
        // instead of handled: its number, and its siginfo; EAGAIN when the timeout passes.
        public static long TimedWait(int record, ulong setAddress, ulong infoAddress, ulong timeoutAddress, long setSize)
        {
            if (setSize != LinuxSignals.SetSize) return Invalid;
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (UserMemory.ReadUInt64(process.Endpoint, setAddress, out ulong set) != 0) return Fault;
            long timeout = -1;
            if (timeoutAddress != 0)
            {
                if (UserMemory.ReadPair(process.Endpoint, timeoutAddress, out long seconds, out long nanoseconds) != 0) return Fault;
                if (!Sleeps.IsValid(seconds, nanoseconds)) return Invalid;
                timeout = Sleeps.Nanoseconds(seconds, nanoseconds);
            }
            process.SignalWaitSet = set & ~LinuxSignals.Unblockable;
            process.SignalInfoAddress = infoAddress;
            process.Held = HeldCall.SignalWait;
            if (PendingSignals.Lowest(PendingSignals.Of(record) & process.SignalWaitSet) != 0) return ProcessCalls.NoReply;   // taken as the call ends
            if (timeout == 0)
            {
                process.Held = HeldCall.None;
                return -(long)LinuxErrno.EAGAIN;
            }
            if (timeout > 0) ProcessTimers.Set(record, TimerKind.SignalWait, PmClock.MonotonicNow() + (ulong)timeout);
            return ProcessCalls.NoReply;
        }

        // rt_sigreturn: the registers, mask and alternate stack of the frame the handler returns
        // from (SIGRETURN). A frame that cannot be returned to ends the process with SIGSEGV.
        public static long Return(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (Kernel.SigReturn(process.Endpoint, out SignalReturnReport report) != 0)
            {
                Signals.Terminate(record, LinuxSignals.SIGSEGV, core: true);
                return ProcessCalls.NoReply;
            }
            process.Mask = report.Mask & ~LinuxSignals.Unblockable;
            // Linux's restore_altstack: errors (still on the stack, a bad one) are ignored.
            SetAltStack(ref process.AltStack, report.Stack, SignalFrame.IsOnStack(report.StackPointer, in process.AltStack));
            return ProcessCalls.NoReply;
        }
    }
}
