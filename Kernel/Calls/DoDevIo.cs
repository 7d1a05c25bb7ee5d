using Lunix.Arch.X86;
using Lunix.Abi;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // DEVIO: one I/O port access for a driver whose privileges list the port (MINIX's
    // do_devio). a0 = port, a1 = request (Abi/DevIo.cs), a2 = the value for an output.
    // Returns the value read, 0 for an output, EINVAL for a bad request, EPERM for a port (or
    // part of a wide access) outside the caller's ranges.
    internal static class DoDevIo
    {
        public static long Run(int slot, ulong port, long request, ulong value)
        {
            if (!DevIo.IsValid(request)) return -(long)Errno.EINVAL;
            if (!IpcProcesses.PrivilegesOf(slot).MayUsePort(port, DevIo.Width(request))) return -(long)Errno.EPERM;
            return Access((ushort)port, (int)request, (uint)value);
        }

        // One access to a port already checked; the value read, or 0 for an output.
        public static long Access(ushort port, int request, uint value)
        {
            switch (request)
            {
                case DevIo.InByte: return Cpu.In8(port);
                case DevIo.InWord: return Cpu.In16(port);
                case DevIo.InLong: return Cpu.In32(port);
                case DevIo.OutByte: Cpu.Out8(port, (byte)value); return 0;
                case DevIo.OutWord: Cpu.Out16(port, (ushort)value); return 0;
                case DevIo.OutLong: Cpu.Out32(port, value); return 0;
                default: return -(long)Errno.EINVAL;
            }
        }
    }
}
