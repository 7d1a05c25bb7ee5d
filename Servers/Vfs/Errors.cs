using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // Linux's errnos as the longs the calls answer negated (`return -EBADF;`).
    internal static class Errors
    {
        public const long EPERM = (long)LinuxErrno.EPERM, ENOENT = (long)LinuxErrno.ENOENT, EINTR = (long)LinuxErrno.EINTR;
        public const long EIO = (long)LinuxErrno.EIO, ENXIO = (long)LinuxErrno.ENXIO, EBADF = (long)LinuxErrno.EBADF;
        public const long EAGAIN = (long)LinuxErrno.EAGAIN, ENOMEM = (long)LinuxErrno.ENOMEM, EACCES = (long)LinuxErrno.EACCES;
        public const long EFAULT = (long)LinuxErrno.EFAULT, EBUSY = (long)LinuxErrno.EBUSY, EEXIST = (long)LinuxErrno.EEXIST;
        public const long EXDEV = (long)LinuxErrno.EXDEV, ENODEV = (long)LinuxErrno.ENODEV, ENOTDIR = (long)LinuxErrno.ENOTDIR;
        public const long EISDIR = (long)LinuxErrno.EISDIR, EINVAL = (long)LinuxErrno.EINVAL, ENFILE = (long)LinuxErrno.ENFILE;
        public const long EMFILE = (long)LinuxErrno.EMFILE, ENOTTY = (long)LinuxErrno.ENOTTY, EFBIG = (long)LinuxErrno.EFBIG;
        public const long ENOSPC = (long)LinuxErrno.ENOSPC, ESPIPE = (long)LinuxErrno.ESPIPE, EROFS = (long)LinuxErrno.EROFS;
        public const long EPIPE = (long)LinuxErrno.EPIPE, ERANGE = (long)LinuxErrno.ERANGE, ENAMETOOLONG = (long)LinuxErrno.ENAMETOOLONG;
        public const long ENOTBLK = (long)LinuxErrno.ENOTBLK;
        public const long ENOSYS = (long)LinuxErrno.ENOSYS, ENOTEMPTY = (long)LinuxErrno.ENOTEMPTY, ELOOP = (long)LinuxErrno.ELOOP;
        public const long EOPNOTSUPP = (long)LinuxErrno.EOPNOTSUPP;
    }
}
