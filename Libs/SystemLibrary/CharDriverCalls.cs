using System;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // A character driver's client side (Abi/CharDriverRequests.cs): one SENDREC per request, data
    // moving through a grant made out to the driver for the request's length of time. Results are
    // 0 or the bytes moved, or a negated Errno: the SENDREC's own (EDEADSRCDST when the driver
    // died or was restarted meanwhile), the driver's answer, or EIO when what came back is not a
    // driver's reply at all (a driver that went wrong must not pass garbage off as a result).
    public static unsafe class CharDriverCalls
    {
        public static long Open(int driver, int minor) => Call(driver, CharDriverRequests.Open, minor, 0, 0);

        public static long Close(int driver, int minor) => Call(driver, CharDriverRequests.Close, minor, 0, 0);

        // Up to buffer.Length bytes from the start of the device.
        public static long Read(int driver, int minor, Span<byte> buffer)
        {
            fixed (byte* bytes = buffer)
            {
                int grant = GrantTable.GrantDirect(driver, bytes, (ulong)buffer.Length, GrantFlags.Write);
                if (grant < 0) return grant;
                long read = Call(driver, CharDriverRequests.Read, minor, grant, buffer.Length);
                GrantTable.Revoke(grant);
                return read > buffer.Length ? -(int)Errno.EIO : read;
            }
        }

        private static long Call(int driver, int type, int minor, int grant, long length)
        {
            Message message = default;
            message.Type = type;
            message.Word0 = minor;
            message.Word1 = grant;
            message.Word3 = length;
            return Syscalls.Request(driver, &message, CharDriverRequests.Reply);
        }
    }
}
