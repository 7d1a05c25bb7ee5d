namespace Lunix.Abi
{
    // Error codes returned by kernel calls and IPC, with MINIX 3's numbers (returned negated
    // across the system-call boundary, as MINIX's _SIGN does).
    public enum Errno
    {
        Ok = 0,
        EPERM = 1,          // operation not permitted
        ENOENT = 2,         // no such entry (a service, a data-store key, a change to report)
        EIO = 5,            // input/output error: a failed initialisation, or an answer that is not the server's reply
        ENOEXEC = 8,        // not an executable program (a boot module that is no valid ELF program)
        EAGAIN = 11,        // try again later: no free process slot (fork)
        ENOMEM = 12,        // out of memory
        EFAULT = 14,        // bad address: a user pointer that is unmapped, kernel or non-canonical
        EBUSY = 16,         // busy: the request conflicts with one in progress
        EEXIST = 17,        // already exists (a data-store key published without overwrite)
        EINVAL = 22,        // invalid argument
        ENOSPC = 28,        // no space left (a full data-store table)
        ENAMETOOLONG = 36,  // a name longer than its field (a data-store key with no NUL)
        ENOSYS = 38,        // no such call
        ETIMEDOUT = 60,     // timed out (a live update's new version that never reported)
        ELOCKED = 101,      // the call would close a cycle of blocked processes (deadlock)
        EBADCALL = 102,     // unknown IPC primitive
        ECALLDENIED = 104,  // the caller's privileges do not allow this kernel call
        EDEADSRCDST = 105,  // the source or destination is dead (exited, or its slot was reused)
        ENOTREADY = 106,    // SENDNB: the destination is not waiting to receive
        EBADREQUEST = 107,  // a request of the wrong kind
        ETRAPDENIED = 110,  // the caller's privileges do not allow this IPC primitive
    }
}
