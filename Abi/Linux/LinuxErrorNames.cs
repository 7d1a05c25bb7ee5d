namespace Lunix.Abi.Linux
{
    // Linux's error names, for the servers' console reports ("pm: cannot start init /x: ENOENT").
    public static class LinuxErrorNames
    {
        public static string Of(long error) => (LinuxErrno)(error < 0 ? -error : error) switch
        {
            LinuxErrno.EPERM => "EPERM", LinuxErrno.ENOENT => "ENOENT", LinuxErrno.ESRCH => "ESRCH", LinuxErrno.EINTR => "EINTR",
            LinuxErrno.EIO => "EIO", LinuxErrno.ENXIO => "ENXIO", LinuxErrno.E2BIG => "E2BIG", LinuxErrno.ENOEXEC => "ENOEXEC",
            LinuxErrno.EBADF => "EBADF", LinuxErrno.ECHILD => "ECHILD", LinuxErrno.EAGAIN => "EAGAIN", LinuxErrno.ENOMEM => "ENOMEM",
            LinuxErrno.EACCES => "EACCES", LinuxErrno.EFAULT => "EFAULT", LinuxErrno.EBUSY => "EBUSY", LinuxErrno.EEXIST => "EEXIST",
            LinuxErrno.EXDEV => "EXDEV", LinuxErrno.ENODEV => "ENODEV", LinuxErrno.ENOTDIR => "ENOTDIR", LinuxErrno.EISDIR => "EISDIR",
            LinuxErrno.EINVAL => "EINVAL", LinuxErrno.ENFILE => "ENFILE", LinuxErrno.EMFILE => "EMFILE", LinuxErrno.ENOTTY => "ENOTTY",
            LinuxErrno.ETXTBSY => "ETXTBSY", LinuxErrno.EFBIG => "EFBIG", LinuxErrno.ENOSPC => "ENOSPC", LinuxErrno.ESPIPE => "ESPIPE",
            LinuxErrno.EROFS => "EROFS", LinuxErrno.EMLINK => "EMLINK", LinuxErrno.EPIPE => "EPIPE", LinuxErrno.ERANGE => "ERANGE",
            LinuxErrno.ENAMETOOLONG => "ENAMETOOLONG", LinuxErrno.ENOSYS => "ENOSYS", LinuxErrno.ENOTEMPTY => "ENOTEMPTY",
            LinuxErrno.ELOOP => "ELOOP", LinuxErrno.ETIMEDOUT => "ETIMEDOUT",
            _ => "an error",
        };
    }
}
