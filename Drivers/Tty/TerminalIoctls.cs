using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // What an ioctl leaves for the driver to do before it answers: wait until the output is
    // sent (tty_wait_until_sent), then apply the new settings (TCSETSW, TCSETSF) or send a break
    // (TCSBRK 0).
    public enum IoctlFollowUp { None, Drain, DrainThenApplySettings, DrainThenBreak }

    // The terminal's ioctls (Linux's tty_ioctl, tty_mode_ioctl, n_tty_ioctl, tty_jobctrl_ioctl):
    // `argument` holds the argument's bytes (LinuxIoctls.ArgumentBytes: read for In requests,
    // written for the others), `value` the argument itself for the requests that take a value.
    public sealed partial class Terminal
    {
        public long Ioctl(uint request, in CharDriverCaller caller, ulong value, Span<byte> argument, out IoctlFollowUp followUp)
        {
            followUp = IoctlFollowUp.None;
            long check;
            switch (request)
            {
                case LinuxIoctls.TCGETS:
                    MemoryMarshal.Cast<byte, LinuxTermios>(argument)[0] = Settings;
                    return 0;
                case LinuxIoctls.TCSETS:
                case LinuxIoctls.TCSETSW:
                case LinuxIoctls.TCSETSF:
                    if ((check = Jobs.CheckBackground(caller, Abi.Signals.SIGTTOU)) != 0) return check;
                    if (request == LinuxIoctls.TCSETSF) FlushInput();
                    if (request == LinuxIoctls.TCSETS) ApplySettings(SettingsIn(argument));
                    else followUp = IoctlFollowUp.DrainThenApplySettings;
                    return 0;
                case LinuxIoctls.TCSBRK:
                    if ((check = Jobs.CheckBackground(caller, Abi.Signals.SIGTTOU)) != 0) return check;
                    followUp = value == 0 ? IoctlFollowUp.DrainThenBreak : IoctlFollowUp.Drain;
                    return 0;
                case LinuxIoctls.TCXONC:
                    if ((check = Jobs.CheckBackground(caller, Abi.Signals.SIGTTOU)) != 0) return check;
                    return FlowControl(value);
                case LinuxIoctls.TCFLSH:
                    if ((check = Jobs.CheckBackground(caller, Abi.Signals.SIGTTOU)) != 0) return check;
                    if (value > LinuxIoctls.TCIOFLUSH) return -(long)LinuxErrno.EINVAL;
                    if (value != LinuxIoctls.TCOFLUSH) FlushInput();
                    if (value != LinuxIoctls.TCIFLUSH) FlushOutput();
                    return 0;
                case LinuxIoctls.TIOCGWINSZ:
                    MemoryMarshal.Cast<byte, LinuxWindowSize>(argument)[0] = WindowSize;
                    return 0;
                case LinuxIoctls.TIOCSWINSZ:
                    SetWindowSize(MemoryMarshal.Cast<byte, LinuxWindowSize>(argument)[0]);
                    return 0;
                case LinuxIoctls.TIOCGPGRP:
                    check = Jobs.ForegroundGroupFor(caller, out int group);
                    if (check == 0) IntOut(argument, group);
                    return check;
                case LinuxIoctls.TIOCSPGRP:
                    if ((check = Jobs.CheckBackground(caller, Abi.Signals.SIGTTOU)) != 0)
                        return check == -(long)LinuxErrno.EIO ? -(long)LinuxErrno.ENOTTY : check;
                    return Jobs.SetForegroundGroup(caller, MemoryMarshal.Cast<byte, int>(argument)[0]);
                case LinuxIoctls.TIOCGSID:
                    check = Jobs.SessionFor(caller, out int session);
                    if (check == 0 && session == 0) return -(long)LinuxErrno.ENOTTY;
                    if (check == 0) IntOut(argument, session);
                    return check;
                case LinuxIoctls.TIOCSCTTY:
                    return Jobs.SetControllingTerminal(caller, value);
                case LinuxIoctls.TIOCNOTTY:
                    return Jobs.GiveUpControllingTerminal(caller);
                case LinuxIoctls.FIONREAD:
                    IntOut(argument, ReadableBytes());
                    return 0;
                case LinuxIoctls.TIOCOUTQ:
                    IntOut(argument, OutputQueue.Count);
                    return 0;
                default:
                    return -(long)LinuxErrno.ENOTTY;
            }
        }

        // TCXONC: suspend or restart output, or send the STOP or START character to the other end.
        private long FlowControl(ulong action)
        {
            switch (action)
            {
                case LinuxIoctls.TCOOFF:
                    _stoppedByProgram = true;
                    _stopped = true;
                    return 0;
                case LinuxIoctls.TCOON:
                    if (!_stoppedByProgram) return 0;
                    _stoppedByProgram = false;
                    _stopped = false;
                    return 0;
                case LinuxIoctls.TCIOFF:
                case LinuxIoctls.TCION:
                    byte character = Settings.ControlChars[action == LinuxIoctls.TCIOFF ? ControlChar.VSTOP : ControlChar.VSTART];
                    if (character != ControlChar.Disabled) _flowCharacter = character;
                    return 0;
                default:
                    return -(long)LinuxErrno.EINVAL;
            }
        }

        public static LinuxTermios SettingsIn(ReadOnlySpan<byte> argument) => MemoryMarshal.Read<LinuxTermios>(argument);

        private static void IntOut(Span<byte> argument, int value) => MemoryMarshal.Cast<byte, int>(argument)[0] = value;
    }
}
