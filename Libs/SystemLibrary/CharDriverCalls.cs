using System;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // A character driver's client side (Abi/CharDriverRequests.cs): one SENDREC per request, data
    // moving through a grant made out to the driver for the request's length of time. Results are
    // 0 or the bytes moved, or a negated Errno: the SENDREC's own (EDEADSRCDST when the driver
    // died or was restarted meanwhile), the driver's answer, or EIO when what came back is not a
    // driver's reply at all (a driver that went wrong must not pass garbage off as a result).
    public static class CharDriverCalls
    {
        public static long Open(int driver, int minor) => OpenClose(driver, CharDriverRequests.Open, minor);

        public static long Close(int driver, int minor) => OpenClose(driver, CharDriverRequests.Close, minor);

        // Up to buffer.Length bytes from the start of the device.
        public static long Read(int driver, int minor, Span<byte> buffer)
        {
            int grant = GrantTable.GrantWritable(driver, buffer);
            if (grant < 0) return grant;
            Message message = default;
            message.Type = CharDriverRequests.Read;
            ref CharDriverReadWrite request = ref message.Payload<CharDriverReadWrite>();
            request.Minor = minor;
            request.Grant = grant;
            request.Length = (ulong)buffer.Length;
            long read = Call(driver, ref message);
            GrantTable.Revoke(grant);
            return read > buffer.Length ? -(int)Errno.EIO : read;
        }

        private static long OpenClose(int driver, int type, int minor)
        {
            Message message = default;
            message.Type = type;
            message.Payload<CharDriverOpenClose>().Minor = minor;
            return Call(driver, ref message);
        }

        private static long Call(int driver, ref Message message)
        {
            int failed = Syscalls.Request(driver, ref message, CharDriverRequests.Reply);
            return failed != 0 ? failed : message.Payload<CharDriverReply>().Result;
        }
    }
}
