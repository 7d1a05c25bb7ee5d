using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest
{
    // The terminal driver (Drivers/Tty) as VFS uses it: requests by SENDA, each with an Id,
    // answers by RECEIVE whenever they come, in any order, data through grants of this program's
    // buffer. A suite that runs with tty.pm=<its endpoint> also stands in for PM: the driver's
    // PmRequests.Signal messages come here, and are kept for AwaitSignal.
    public static class TerminalClient
    {
        public const int Driver = BootEndpoints.Tty;
        private const int Kept = 32;

        private static int s_nextId = 1;
        private static readonly int[] s_answerIds = new int[Kept];
        private static readonly long[] s_answers = new long[Kept];
        private static readonly int[] s_signalGroups = new int[Kept];
        private static readonly int[] s_signals = new int[Kept];
        private static int s_signalCount;
        private static int s_selectReady;

        // The buffer reads fill and writes take from (the heap never moves it: grants stay valid).
        public static readonly byte[] Buffer = new byte[4096];

        public static int Open(int minor, in CharDriverCaller caller, int flags = 0) => OpenClose(CharDriverRequests.Open, minor, caller, flags);

        public static int Close(int minor, in CharDriverCaller caller) => OpenClose(CharDriverRequests.Close, minor, caller, 0);

        private static int OpenClose(int type, int minor, in CharDriverCaller caller, int flags)
        {
            Message message = default;
            message.Type = type;
            ref CharDriverOpenClose request = ref message.Payload<CharDriverOpenClose>();
            request.Minor = minor;
            request.Id = s_nextId++;
            request.Flags = flags;
            request.Caller = caller;
            return Send(ref message, request.Id);
        }

        // A read into Buffer (a grant made for it, revoked once answered: Await's grant argument).
        public static int Read(int minor, int length, in CharDriverCaller caller, out int grant, int flags = 0) =>
            Transfer(CharDriverRequests.Read, minor, Buffer.AsSpan(0, length), caller, out grant, flags, writable: true);

        public static int Write(int minor, ReadOnlySpan<byte> data, in CharDriverCaller caller, out int grant, int flags = 0)
        {
            data.CopyTo(Buffer.AsSpan(0, data.Length));
            return Transfer(CharDriverRequests.Write, minor, Buffer.AsSpan(0, data.Length), caller, out grant, flags, writable: false);
        }

        private static int Transfer(int type, int minor, Span<byte> memory, in CharDriverCaller caller, out int grant, int flags, bool writable)
        {
            grant = writable ? GrantTable.GrantWritable(Driver, memory) : GrantTable.GrantReadable(Driver, memory);
            Message message = default;
            message.Type = type;
            ref CharDriverReadWrite request = ref message.Payload<CharDriverReadWrite>();
            request.Minor = minor;
            request.Grant = grant;
            request.Length = (ulong)memory.Length;
            request.Id = s_nextId++;
            request.Flags = flags;
            request.Caller = caller;
            return Send(ref message, request.Id);
        }

        // An ioctl whose argument is `argument` (its grant, read and write), or a value.
        public static int Ioctl(uint command, Span<byte> argument, ulong value, in CharDriverCaller caller, out int grant)
        {
            grant = argument.Length == 0 ? -1 : GrantTable.GrantReadWritable(Driver, argument);
            Message message = default;
            message.Type = CharDriverRequests.Ioctl;
            ref CharDriverIoctl request = ref message.Payload<CharDriverIoctl>();
            request.Minor = TerminalMinors.Serial;
            request.Grant = grant;
            request.Request = command;
            request.Argument = value;
            request.Id = s_nextId++;
            request.Caller = caller;
            return Send(ref message, request.Id);
        }

        public static int Cancel(int id)
        {
            Message message = default;
            message.Type = CharDriverRequests.Cancel;
            ref CharDriverCancel request = ref message.Payload<CharDriverCancel>();
            request.Minor = TerminalMinors.Serial;
            request.Id = id;
            return AsyncSend.Send(Driver, message) == 0 ? id : -1;
        }

        public static int Select(int operations, bool watch)
        {
            Message message = default;
            message.Type = CharDriverRequests.Select;
            ref CharDriverSelect request = ref message.Payload<CharDriverSelect>();
            request.Minor = TerminalMinors.Serial;
            request.Operations = operations;
            request.Watch = watch ? 1 : 0;
            request.Id = s_nextId++;
            return Send(ref message, request.Id);
        }

        private static int Send(ref Message message, int id) => AsyncSend.Send(Driver, message) == 0 ? id : -1;

        // The answer to request `id`, waiting up to `ticks`: false at the timeout. A grant given
        // is revoked once the answer came.
        public static bool Await(int id, ulong ticks, out long result, int grant = -1)
        {
            result = 0;
            ulong deadline = Kernel.Ticks() + ticks;
            while (true)
            {
                for (int i = 0; i < Kept; i++)
                {
                    if (s_answerIds[i] != id || id <= 0) continue;
                    s_answerIds[i] = 0;
                    result = s_answers[i];
                    if (grant >= 0) GrantTable.Revoke(grant);
                    return true;
                }
                if (!TakeOne(deadline)) return false;
            }
        }

        // The next signal the driver sent to PM's stand-in, waiting up to `ticks`.
        public static bool AwaitSignal(ulong ticks, out int group, out int signal)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            while (s_signalCount == 0)
                if (!TakeOne(deadline)) { group = signal = 0; return false; }
            group = s_signalGroups[0];
            signal = s_signals[0];
            s_signalCount--;
            for (int i = 0; i < s_signalCount; i++) { s_signalGroups[i] = s_signalGroups[i + 1]; s_signals[i] = s_signals[i + 1]; }
            return true;
        }

        // A SelectReady, waiting up to `ticks`: the operations it reported.
        public static bool AwaitSelectReady(ulong ticks, out int operations)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            while (s_selectReady == 0)
                if (!TakeOne(deadline)) { operations = 0; return false; }
            operations = s_selectReady;
            s_selectReady = 0;
            return true;
        }

        // Whether nothing came from the driver for `ticks` (an answer it should not have sent).
        public static bool Quiet(ulong ticks, int id)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            while (TakeOne(deadline)) { }
            for (int i = 0; i < Kept; i++) if (s_answerIds[i] == id) return false;
            return true;
        }

        // Receives one message and keeps it; false once the deadline passed.
        private static bool TakeOne(ulong deadline)
        {
            ulong now = Kernel.Ticks();
            if (now >= deadline) return false;
            Syscalls.KernelCall(KernelCalls.SetAlarm, (long)(deadline - now));
            if (Syscalls.Receive(Endpoint.Any, out Message message) != 0) return true;
            Syscalls.KernelCall(KernelCalls.SetAlarm, 0);
            if (message.Type == Message.NotifyMessage) return Kernel.Ticks() < deadline;
            if (message.Source != Driver) return true;
            switch (message.Type)
            {
                case CharDriverRequests.Reply:
                    ref CharDriverReply reply = ref message.Payload<CharDriverReply>();
                    for (int i = 0; i < Kept; i++)
                    {
                        if (s_answerIds[i] != 0) continue;
                        s_answerIds[i] = reply.Id;
                        s_answers[i] = reply.Result;
                        break;
                    }
                    break;
                case CharDriverRequests.SelectReady:
                    s_selectReady |= message.Payload<CharDriverSelect>().Operations;
                    break;
                case PmRequests.Signal:
                    if (s_signalCount == Kept) break;
                    ref PmSignal signal = ref message.Payload<PmSignal>();
                    s_signalGroups[s_signalCount] = signal.ProcessGroup;
                    s_signals[s_signalCount++] = signal.Signal;
                    break;
            }
            return true;
        }
    }
}
