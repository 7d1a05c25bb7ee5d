using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // reboot(2)'s arguments, checked as Linux checks them: privilege first (EPERM; CAP_SYS_BOOT
    // is root's), then the two magic numbers (EINVAL), then the command. What it asks of the
    // machine is a RebootRequests value; Ctrl-Alt-Del's two commands change nothing here (Lunix
    // has no keyboard handler for it) and succeed; suspend and kexec are not there (ENOSYS, as
    // a Linux built without them says); any other command is EINVAL.
    internal static class RebootCommand
    {
        public const uint Magic1 = 0xFEE1DEAD;
        public const uint Magic2 = 0x28121969, Magic2A = 0x05121996, Magic2B = 0x16041998, Magic2C = 0x20112000;
        public const uint Restart = 0x01234567, Halt = 0xCDEF0123, CadOn = 0x89ABCDEF, CadOff = 0x00000000, PowerOff = 0x4321FEDC,
                          Restart2 = 0xA1B2C3D4, SoftwareSuspend = 0xD000FCE2, Kexec = 0x45584543;

        public const int Nothing = 0;

        // The RebootRequests value to carry out (Nothing for none), or the error.
        public static LinuxErrno Decide(long magic1, long magic2, long command, bool privileged, out int request)
        {
            request = Nothing;
            if (!privileged) return LinuxErrno.EPERM;
            uint second = (uint)magic2;
            if ((uint)magic1 != Magic1 || second != Magic2 && second != Magic2A && second != Magic2B && second != Magic2C) return LinuxErrno.EINVAL;
            switch ((uint)command)
            {
                case Restart:
                case Restart2:
                    request = RebootRequests.Restart;
                    return 0;
                case Halt:
                    request = RebootRequests.Halt;
                    return 0;
                case PowerOff:
                    request = RebootRequests.PowerOff;
                    return 0;
                case CadOn:
                case CadOff:
                    return 0;
                case SoftwareSuspend:
                case Kexec:
                    return LinuxErrno.ENOSYS;
                default:
                    return LinuxErrno.EINVAL;
            }
        }
    }
}
