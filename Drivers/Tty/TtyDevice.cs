using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.CharDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The terminal driver's requests (VFS's asynchronous character-driver protocol): open,
    // close, read, write, ioctl, cancel and select on the serial console and the screen's
    // virtual consoles (ScreenConsoles), each served by its Terminal state machine; the minor
    // says which (TerminalFor). Every event (a request, an interrupt, an alarm, the kernel's
    // log) ends in Progress: signals go to PM, held requests go as far as they can, the UART
    // sends what it can, the consoles' output goes onto their screens, watchers of select hear
    // of readiness, and the alarm is set for the next deadline.
    internal sealed class TtyDevice : AsyncCharDevice
    {
        private const int Chunk = 256;                  // bytes copied through a grant at a time

        private readonly Terminal _serial = new Terminal();        // the serial console, COM1
        private readonly ScreenConsoles _screen = new ScreenConsoles();
        private readonly int[] _controllingOpens = new int[1 + VirtualConsoles.Count];
        private readonly Uart _uart = new Uart();
        private readonly SerialOutput _output = new SerialOutput();
        private readonly HeldRequests _held = new HeldRequests();
        private readonly SelectWatchers _watchers = new SelectWatchers();
        private ulong _now, _ticksPerSecond, _alarm;
        private readonly TerminalTies[] _savedTies = new TerminalTies[1 + VirtualConsoles.Count];   // as DS last heard them (TiesStore)

        public override int InitFresh()
        {
            TtyOptions.Load();
            _ticksPerSecond = Kernel.TicksPerSecond();
            _serial.TicksPerTenth = _ticksPerSecond >= 10 ? _ticksPerSecond / 10 : 1;
            _output.Grace = _serial.TicksPerTenth;
            long started = _uart.Start();
            if (started != 0) return (int)started;
            long taken = Uart.TakeSerial();
            if (taken != 0) return (int)taken;
            _screen.Start(_serial.TicksPerTenth);
            _uart.ScreenTaken = _screen.Consoles != null;
            _now = Kernel.Ticks();
            KernelNotified();                           // what was typed ahead, and the log so far
            return 0;
        }

        // After a crash: a fresh start, then the ties the previous instance saved (TerminalTies),
        // so that the sessions whose terminals they were keep them (a virtual console's screen
        // starts blank).
        public override int InitRestart()
        {
            Span<TerminalTies> ties = stackalloc TerminalTies[1 + VirtualConsoles.Count];
            int loaded = TiesStore.Load(ties);
            int started = InitFresh();
            if (started != 0) return started;
            for (int i = 0; i < loaded && i < TerminalCount; i++)
            {
                TerminalAt(i).Restore(in ties[i]);
                _savedTies[i] = ties[i];
            }
            if (loaded < 0 && loaded != -(int)Errno.ENOENT)
                new ConsoleLine(stackalloc char[80]).Append("tty: the terminal's ties were not kept, error ").Append((ulong)-loaded).Print();
            return 0;
        }

        // An interrupt, an alarm, or text in the kernel's log: they all come as the kernel's
        // notification. The kernel masks the line from the interrupt until EnableLine, and an
        // edge that comes while it is masked is lost (the I/O APIC ignores it; the UART's line
        // then stays high, and no edge comes again): so once the line is enabled the UART is
        // asked again, and a cause that came meanwhile (a byte received, the transmitter emptied by
        // Progress's own bytes) is served in another round; so is a key (ScreenConsoles.KeyWaiting).
        public override void KernelNotified()
        {
            do
            {
                _now = Kernel.Ticks();
                if (_alarm != 0 && _now >= _alarm) _alarm = 0;     // it went off
                _uart.Service(_serial);
                _screen.Service();
                if (Uart.LogPending() > 0) _output.LogWaiting = true;
                Progress();
                _uart.EnableLine();
                _screen.EnableLine();
            } while (_uart.InterruptPending || _screen.KeyWaiting);
        }

        public override long Open(in CharRequest request)
        {
            Terminal terminal = TerminalFor(request.Minor, request.Caller);
            if (terminal == null) return -(long)LinuxErrno.ENXIO;
            long opened = terminal.Open(request.Caller, request.Minor, (request.Flags & CharDriverFlags.NoControllingTerminal) != 0);
            if (opened == 0 && request.Minor == TerminalMinors.Controlling) _controllingOpens[IndexOf(terminal)]++;
            return Answered(opened);
        }

        // A close says its minor only: one of /dev/tty goes to a terminal opened through it,
        // the serial one first (exact while one terminal at a time is reached so).
        public override long Close(in CharRequest request)
        {
            Terminal terminal = TerminalFor(request.Minor, default);
            if (request.Minor == TerminalMinors.Controlling)
            {
                int index = 0;
                while (index < _controllingOpens.Length && _controllingOpens[index] == 0) index++;
                if (index == _controllingOpens.Length) return Answered(0);
                _controllingOpens[index]--;
                terminal = TerminalAt(index);
            }
            return Answered(terminal == null ? 0 : terminal.Close());
        }

        // A session leader's exit frees the terminal its session controlled, whichever it is.
        public override long SessionEnded(in CharRequest request)
        {
            for (int i = 0; i < TerminalCount; i++) TerminalAt(i).Jobs.SessionLeaderExited(request.Caller);
            return Answered(0);
        }

        // The terminal a minor names (TerminalMinors): the serial console for /dev/ttyS0 and
        // /dev/console, the caller's controlling terminal for /dev/tty (the serial console when
        // it has none, which then answers as it always has), a virtual console for /dev/ttyN
        // (N = 0: the one shown); null when there is no such terminal.
        private Terminal TerminalFor(int minor, in CharDriverCaller caller)
        {
            VirtualConsoles consoles = _screen.Consoles;
            if (minor == TerminalMinors.Controlling)
            {
                for (int i = 0; consoles != null && i < VirtualConsoles.Count; i++)
                    if (consoles.Terminal(i).Jobs.IsControllingTerminalOf(caller)) return consoles.Terminal(i);
                return _serial;
            }
            if (minor < TerminalMinors.VirtualConsoles) return _serial;
            int number = minor - TerminalMinors.VirtualConsoles;
            if (consoles == null || number > VirtualConsoles.Count) return null;
            return consoles.Terminal(number == 0 ? consoles.Active : number - 1);
        }

        // Terminals by index: 0 the serial console, 1.. the virtual consoles.
        private Terminal TerminalAt(int index) => index == 0 ? _serial : _screen.Consoles.Terminal(index - 1);

        private int IndexOf(Terminal terminal)
        {
            for (int i = 1; i < _controllingOpens.Length; i++)
                if (_screen.Consoles != null && _screen.Consoles.Terminal(i - 1) == terminal) return i;
            return 0;
        }

        private int TerminalCount => _screen.Consoles == null ? 1 : 1 + VirtualConsoles.Count;

        public override long Read(in CharRequest request, ulong position, GrantedSlice<Writable> buffer)
        {
            if (request.Minor == TerminalMinors.Framebuffer)
                return _screen.Framebuffer == null ? -(long)LinuxErrno.ENODEV : _screen.Framebuffer.Read(position, buffer);
            Terminal terminal = TerminalFor(request.Minor, request.Caller);
            if (terminal == null) return -(long)LinuxErrno.ENXIO;
            long check = terminal.Jobs.CheckBackground(request.Caller, Signals.SIGTTIN);
            if (check != 0) return Answered(check);
            // Readers take input in turn; one that may not wait does not queue behind another.
            bool waitingBehind = _held.Any(HeldKind.Read, terminal);
            if (waitingBehind && request.NonBlocking) return -(long)LinuxErrno.EAGAIN;
            int index = _held.Add(HeldKind.Read, request, buffer.Grant);
            if (index < 0) return -(long)LinuxErrno.EAGAIN;
            ref HeldRequest held = ref _held[index];
            held.Terminal = terminal;
            held.Read = new TerminalRead { Length = (int)Math.Min(buffer.Length, int.MaxValue), NonBlocking = request.NonBlocking };
            return Kept(index, waitingBehind ? Terminal.Waiting : StepRead(ref held));
        }

        public override long Write(in CharRequest request, ulong position, GrantedSlice<Readable> data)
        {
            if (request.Minor == TerminalMinors.Framebuffer)
                return _screen.Framebuffer == null ? -(long)LinuxErrno.ENODEV : _screen.Framebuffer.Write(position, data);
            Terminal terminal = TerminalFor(request.Minor, request.Caller);
            if (terminal == null) return -(long)LinuxErrno.ENXIO;
            if ((terminal.Settings.LocalFlags & TermiosLocal.TOSTOP) != 0)
            {
                long check = terminal.Jobs.CheckBackground(request.Caller, Signals.SIGTTOU);
                if (check != 0) return Answered(check);
            }
            bool waitingBehind = _held.Any(HeldKind.Write, terminal);
            if (waitingBehind && request.NonBlocking) return -(long)LinuxErrno.EAGAIN;
            int index = _held.Add(HeldKind.Write, request, data.Grant);
            if (index < 0) return -(long)LinuxErrno.EAGAIN;
            ref HeldRequest held = ref _held[index];
            held.Terminal = terminal;
            held.Write = new TerminalWrite { Length = (int)Math.Min(data.Length, int.MaxValue), NonBlocking = request.NonBlocking };
            return Kept(index, waitingBehind ? Terminal.Waiting : StepWrite(ref held));
        }

        public override long Ioctl(in CharRequest request, uint command, int grant, ulong value)
        {
            if (request.Minor == TerminalMinors.Framebuffer) return Answered(FramebufferIoctl(in request, command, grant, value));
            Terminal terminal = TerminalFor(request.Minor, request.Caller);
            if (terminal == null) return -(long)LinuxErrno.ENXIO;
            if (command == LinuxIoctls.KDSETMODE) return Answered(_screen.SetMode(terminal, value));
            if (command == LinuxIoctls.KDGETMODE) return ConsoleMode(in request, terminal, grant);
            int size = LinuxIoctls.ArgumentBytes(command, out bool input);
            if (size < 0) return -(long)LinuxErrno.ENOTTY;
            if (size > 0 && grant < 0) return -(long)LinuxErrno.EFAULT;
            Span<byte> argument = stackalloc byte[LinuxTermios.Size];
            argument = argument.Slice(0, size);
            if (input && new GrantedSlice<Readable>(request.Source, grant, 0, (ulong)size).CopyTo(argument) != 0) return -(long)LinuxErrno.EFAULT;
            IoctlFollowUp followUp = IoctlFollowUp.None;
            int waitFor = 0;
            long result = !VirtualTerminalRequests.Handles(command) ? terminal.Ioctl(command, request.Caller, value, argument, out followUp)
                        : terminal == _serial ? -(long)LinuxErrno.ENOTTY
                        : VirtualTerminalRequests.Serve(_screen.Consoles, command, value, argument, out waitFor);
            if (result == 0 && size > 0 && !input
                && new GrantedSlice<Writable>(request.Source, grant, 0, (ulong)size).CopyFrom(argument) != 0) return -(long)LinuxErrno.EFAULT;
            if (result != 0 || followUp == IoctlFollowUp.None && waitFor == 0) return Answered(result);
            int index = _held.Add(waitFor != 0 ? HeldKind.WaitActive : HeldKind.Drain, request, grant);
            if (index < 0) return -(long)LinuxErrno.EAGAIN;
            ref HeldRequest held = ref _held[index];
            held.Terminal = terminal;
            held.Console = waitFor;
            held.FollowUp = followUp;
            if (followUp == IoctlFollowUp.DrainThenApplySettings) held.Settings = Terminal.SettingsIn(argument);
            Progress();
            return CharDriverLoop.Held;
        }

        // KDGETMODE: the console's mode into the caller's int.
        private long ConsoleMode(in CharRequest request, Terminal terminal, int grant)
        {
            int mode = _screen.Mode(terminal);
            if (mode < 0) return -(long)LinuxErrno.ENOTTY;
            if (grant < 0) return -(long)LinuxErrno.EFAULT;
            Span<byte> bytes = stackalloc byte[sizeof(int)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, mode);
            return new GrantedSlice<Writable>(request.Source, grant, 0, sizeof(int)).CopyFrom(bytes) == 0 ? 0 : -(long)LinuxErrno.EFAULT;
        }

        // An fbdev ioctl: its argument's bytes in and out through the grant around the device's answer.
        private long FramebufferIoctl(in CharRequest request, uint command, int grant, ulong value)
        {
            FramebufferDevice device = _screen.Framebuffer;
            if (device == null) return -(long)LinuxErrno.ENODEV;
            int size = LinuxFramebuffer.ArgumentBytes(command, out bool input, out bool output);
            if (size < 0) return -(long)LinuxErrno.ENOTTY;
            if (size > 0 && grant < 0) return -(long)LinuxErrno.EFAULT;
            Span<byte> argument = stackalloc byte[FbVarScreenInfo.Size];
            argument = argument.Slice(0, size);
            argument.Clear();
            if (input && new GrantedSlice<Readable>(request.Source, grant, 0, (ulong)size).CopyTo(argument) != 0) return -(long)LinuxErrno.EFAULT;
            long result = _screen.FramebufferIoctl(command, argument, value);
            if (result == 0 && output && new GrantedSlice<Writable>(request.Source, grant, 0, (ulong)size).CopyFrom(argument) != 0) return -(long)LinuxErrno.EFAULT;
            return result;
        }

        // A signal for the process: the request ends now with what it moved, or EINTR.
        public override void Cancel(int source, int minor, int id)
        {
            int index = _held.Find(source, id);
            if (index < 0) return;
            ref HeldRequest held = ref _held[index];
            long moved = held.Kind == HeldKind.Read ? held.Read.Moved : held.Kind == HeldKind.Write ? held.Write.Done : 0;
            if (held.Kind == HeldKind.Drain && held.BreakEnds != 0 && held.Terminal == _serial) _uart.SetBreak(false);
            Finish(index, moved > 0 ? moved : -(long)LinuxErrno.EINTR);
            Progress();
        }

        // A select says its minor only: /dev/tty's is the serial console's.
        public override int Select(int source, int minor, int operations, bool watch)
        {
            Terminal terminal = TerminalFor(minor, default);
            if (terminal == null) return 0;
            int ready = (operations & SelectOperations.Read) != 0 && terminal.ReadReady() ? SelectOperations.Read : 0;
            if ((operations & SelectOperations.Write) != 0 && terminal.WriteReady()) ready |= SelectOperations.Write;
            int watched = operations & (SelectOperations.Read | SelectOperations.Write);
            if (ready == 0 && watch && watched != 0) _watchers.Watch(source, minor, watched, terminal);
            return ready;
        }

        // A request answered at once, after what it changed has had its effect (a signal raised,
        // settings that let a held read finish, ties saved).
        private long Answered(long result)
        {
            Progress();
            return result;
        }

        // A new held request that finished at once is answered by the loop; otherwise it stays.
        private long Kept(int index, long result)
        {
            if (result == Terminal.Waiting)
            {
                Progress();
                return CharDriverLoop.Held;
            }
            _held.Remove(index);
            Progress();
            return result;
        }

        private void Finish(int index, long result)
        {
            ref HeldRequest held = ref _held[index];
            CharRequest request = held.Request;
            _held.Remove(index);
            request.Answer(result);
        }

        // Moves input to the reader through its grant, as far as the read goes now.
        private long StepRead(ref HeldRequest held)
        {
            Span<byte> chunk = stackalloc byte[Chunk];
            long result;
            do
            {
                result = held.Terminal.Read(ref held.Read, chunk, out int taken, _now);
                if (taken == 0) continue;
                var into = new GrantedSlice<Writable>(held.Request.Source, held.Grant, (ulong)(held.Read.Moved - taken), (ulong)taken);
                if (into.CopyFrom(chunk.Slice(0, taken)) != 0)
                    return held.Read.Moved - taken > 0 ? held.Read.Moved - taken : -(long)LinuxErrno.EFAULT;
            } while (result == Terminal.More);
            return result;
        }

        // Moves the writer's bytes into the output, a chunk through its grant at a time.
        private long StepWrite(ref HeldRequest held)
        {
            Span<byte> chunk = stackalloc byte[Chunk];
            long result;
            do
            {
                int count = Math.Min(Chunk, held.Write.Length - held.Write.Done);
                var from = new GrantedSlice<Readable>(held.Request.Source, held.Grant, (ulong)held.Write.Done, (ulong)count);
                if (from.CopyTo(chunk.Slice(0, count)) != 0)
                    return held.Write.Done > 0 ? held.Write.Done : -(long)LinuxErrno.EFAULT;
                result = held.Terminal.Write(ref held.Write, chunk.Slice(0, count));
            } while (result == Terminal.More);
            return result;
        }

        // Everything that may move after an event, until nothing does (on QEMU, whose UART takes
        // bytes as fast as they come, a long write goes out whole here; on a real UART the
        // transmit interrupt brings the next round). The transmit interrupt stays on while
        // anything waits to be sent, or a write or drain waits for the output.
        private void Progress()
        {
            for (int round = 0; round < 64; round++)
            {
                SendSignals();
                bool moved = ServeTurn(HeldKind.Read) | ServeTurn(HeldKind.Write) | ServeDrains() | ServeWaitActive() | _screen.Drain();
                if (_output.LogWaiting) _now = Kernel.Ticks();     // the grace of an open line is timed
                _output.Now = _now;
                _output.Pump(_serial, _uart);
                if (!moved) break;
            }
            _screen.Show();
            _uart.WantTransmitInterrupt(_output.Pending(_serial) || _held.Any(HeldKind.Write, _serial) || _held.Any(HeldKind.Drain, _serial));
            _watchers.Notify();
            SetAlarm();
            SaveTies();
        }

        // Ties that changed (an open, a close, job control) go to DS before the next event; when
        // DS cannot take them, the next event tries again.
        private void SaveTies()
        {
            int count = TerminalCount;
            Span<TerminalTies> now = stackalloc TerminalTies[1 + VirtualConsoles.Count];
            bool same = true;
            for (int i = 0; i < count; i++)
            {
                now[i] = TerminalAt(i).Ties;
                same &= now[i].Same(in _savedTies[i]);
            }
            if (same || TiesStore.Save(now.Slice(0, count)) != 0) return;
            now.Slice(0, count).CopyTo(_savedTies);
        }

        // The request whose turn it is, of reads or of writes, goes as far as it can; when it is
        // done, the next one's turn comes. True when bytes moved or a request finished.
        private bool ServeTurn(HeldKind kind)
        {
            bool moved = false;
            for (int i = 0; i < TerminalCount; i++) moved |= ServeTurn(kind, TerminalAt(i));
            return moved;
        }

        private bool ServeTurn(HeldKind kind, Terminal terminal)
        {
            bool moved = false;
            for (int index = _held.Oldest(kind, terminal); index >= 0; index = _held.Oldest(kind, terminal))
            {
                ref HeldRequest held = ref _held[index];
                int before = kind == HeldKind.Read ? held.Read.Moved : held.Write.Done;
                long result = kind == HeldKind.Read ? StepRead(ref held) : StepWrite(ref held);
                if (result == Terminal.Waiting)
                {
                    moved |= (kind == HeldKind.Read ? held.Read.Moved : held.Write.Done) != before;
                    break;
                }
                Finish(index, result);
                moved = true;
            }
            return moved;
        }

        // VT_WAITACTIVEs whose console is shown now (by Alt-Fn or VT_ACTIVATE).
        private bool ServeWaitActive()
        {
            if (!_held.Any(HeldKind.WaitActive)) return false;
            bool finished = false;
            for (int index = 0; index < HeldRequests.Size; index++)
            {
                ref HeldRequest held = ref _held[index];
                if (held.Kind != HeldKind.WaitActive || !VirtualTerminalRequests.WaitOver(_screen.Consoles, held.Console)) continue;
                Finish(index, 0);
                finished = true;
            }
            return finished;
        }

        // Ioctls waiting for the output to drain: then new settings, or a break of a quarter
        // second (Linux's send_break(tty, 250)).
        private bool ServeDrains()
        {
            bool finished = false;
            if (!_held.Any(HeldKind.Drain)) return false;
            bool serialDrained = !_serial.OutputPending && !_output.Pending(_serial) && _uart.Idle;
            for (int index = 0; index < HeldRequests.Size; index++)
            {
                ref HeldRequest held = ref _held[index];
                if (held.Kind != HeldKind.Drain) continue;
                if (held.BreakEnds != 0)
                {
                    if (_now < held.BreakEnds) continue;
                    _uart.SetBreak(false);
                }
                else
                {
                    // A virtual console's output is on its screen as soon as it is taken, and
                    // it has no line to send a break on (Linux's consoles have no break_ctl).
                    bool serial = held.Terminal == _serial;
                    if (serial ? !serialDrained : held.Terminal.OutputPending) continue;
                    if (held.FollowUp == IoctlFollowUp.DrainThenBreak && serial)
                    {
                        _uart.SetBreak(true);
                        held.BreakEnds = _now + Math.Max(1, _ticksPerSecond / 4);
                        continue;
                    }
                    if (held.FollowUp == IoctlFollowUp.DrainThenApplySettings) held.Terminal.ApplySettings(held.Settings);
                }
                Finish(index, 0);
                finished = true;
            }
            return finished;
        }

        // The signals the terminal raised, to PM (or the tty suite's stand-in), by SENDA: a full
        // SENDA table keeps them for the next event.
        private void SendSignals()
        {
            for (int i = 0; i < TerminalCount; i++)
                if (!SendSignals(TerminalAt(i).Signals)) return;
        }

        private static bool SendSignals(SignalQueue signals)
        {
            while (signals.Peek(out int group, out int signal))
            {
                Message message = default;
                message.Type = PmRequests.Signal;
                ref PmSignal request = ref message.Payload<PmSignal>();
                request.ProcessGroup = group;
                request.Signal = signal;
                if (AsyncSend.Send(TtyOptions.SignalsTo, message) != 0) return false;
                signals.Drop();
            }
            return true;
        }

        // The next deadline: a read's VTIME, a break's end, for a drain whose bytes have all left
        // the queue the next tick, to see the last one leave the wire (no interrupt says so), or
        // the end of an open line's grace before the kernel's log breaks it.
        private void SetAlarm()
        {
            ulong next = _output.LogDeadline(_serial);
            bool queueEmpty = !_serial.OutputPending && !_output.Pending(_serial);
            for (int index = 0; index < HeldRequests.Size; index++)
            {
                ref HeldRequest held = ref _held[index];
                ulong at = held.Kind == HeldKind.Read ? held.Read.Deadline
                         : held.Kind == HeldKind.Drain ? (held.BreakEnds != 0 ? held.BreakEnds : queueEmpty ? _now + 1 : 0)
                         : 0;
                if (at != 0 && (next == 0 || at < next)) next = at;
            }
            if (next == _alarm) return;
            _alarm = next;
            Syscalls.KernelCall(KernelCalls.SetAlarm, next == 0 ? 0 : (long)(next > _now ? next - _now : 1));
        }
    }
}
