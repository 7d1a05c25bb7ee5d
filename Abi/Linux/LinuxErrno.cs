namespace Lunix.Abi.Linux
{
    // Linux's error numbers (asm-generic/errno-base.h and errno.h), which POSIX processes get
    // negated in RAX. The first ones agree with Lunix's own Errno; the rest do not, so the POSIX
    // servers answer with these.
    public enum LinuxErrno
    {
        EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
        EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTBLK = 15,
        EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
        ENFILE = 23, EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
        EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33, ERANGE = 34, EDEADLK = 35,
        ENAMETOOLONG = 36, ENOLCK = 37, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENOTSOCK = 88,
        EOPNOTSUPP = 95, ETIMEDOUT = 110, ERESTARTSYS = 512,
        EPROTO = 71, EOVERFLOW = 75, ENOMEDIUM = 123,
    }
}
