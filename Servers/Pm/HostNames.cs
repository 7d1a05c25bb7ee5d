using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // The machine's host and domain names, as uname reports them: "lunix" and "(none)" until
    // sethostname or setdomainname (root only, at most 64 bytes, not NUL-ended) change them;
    // /etc/rc sets the host name from /etc/hostname. Kept in PM, which answers uname.
    internal static class HostNames
    {
        public const int MaxLength = 64;   // Linux's __NEW_UTS_LEN

        private static readonly byte[] s_host = new byte[MaxLength];
        private static readonly byte[] s_domain = new byte[MaxLength];
        private static int s_hostLength = Initial(s_host, "lunix"u8);
        private static int s_domainLength = Initial(s_domain, "(none)"u8);

        public static ReadOnlySpan<byte> Host => s_host.AsSpan(0, s_hostLength);
        public static ReadOnlySpan<byte> Domain => s_domain.AsSpan(0, s_domainLength);

        // sethostname(name, length) and setdomainname, checked in Linux's order: EPERM for a
        // caller that is not root, EINVAL for a length outside 0..64, EFAULT for a name that
        // cannot be read; 0 and the name changed.
        public static long Set(int record, ulong address, long length, bool domain)
        {
            if (!PosixProcesses.At(record).Ids.Privileged) return -(long)LinuxErrno.EPERM;
            if (length < 0 || length > MaxLength) return -(long)LinuxErrno.EINVAL;
            Span<byte> name = stackalloc byte[MaxLength];
            long read = UserMemory.Read(PosixProcesses.At(record).Endpoint, address, name.Slice(0, (int)length));
            if (read != 0) return read;
            name.Slice(0, (int)length).CopyTo(domain ? s_domain : s_host);
            if (domain) s_domainLength = (int)length;
            else s_hostLength = (int)length;
            return 0;
        }

        private static int Initial(byte[] into, ReadOnlySpan<byte> name)
        {
            name.CopyTo(into);
            return name.Length;
        }
    }
}
