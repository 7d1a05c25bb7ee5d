namespace Lunix.Ipc
{
    // Error codes returned by kernel calls and IPC, with MINIX 3's numbers (returned negated
    // across the system-call boundary, as MINIX's _SIGN does).
    public enum Errno
    {
        Ok = 0,
        EPERM = 1,          // operation not permitted
        ENOMEM = 12,        // out of memory
        EFAULT = 14,        // bad address: a user pointer that is unmapped, kernel or non-canonical
        EINVAL = 22,        // invalid argument
    }
}
