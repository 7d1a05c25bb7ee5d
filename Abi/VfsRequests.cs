namespace Lunix.Abi
{
    // Requests to VFS from the other POSIX servers (PM), by SENDREC; the reply, of type Reply, is
    // a VfsReply whose Result is a value or a negated Linux errno (Linux.LinuxErrno).
    public static class VfsRequests
    {
        // A program file for execve: the path (in the caller's memory) resolved as `Process`
        // would resolve it, the file checked to be a regular file; VFS answers with its length
        // and a read grant of its bytes made out to the caller by Owner (VFS, or the file
        // system server that holds them), to hand to EXEC (and to give back with Release once
        // EXEC is done).
        public const int ExecOpen = 0x0B00;
        public const int Release = 0x0B01;     // a VfsRelease: the grant ExecOpen made, no longer needed
        // A VfsMapRead from VM, for a file-backed mmap: Length bytes of the file open as
        // descriptor Descriptor of Process, from Offset, into the caller's grant Grant; bytes past
        // the file's end are zero. Reply Result = the bytes read from the file, or a negated errno
        // (EBADF, EACCES for a descriptor not open for reading, ENODEV for a file that cannot be
        // mapped: a pipe, a terminal), and Grant = the request's Grant.
        // Both ways by SENDA, not SENDREC: VM may not wait for VFS (VFS's copies into a process's
        // memory may wait for VM), so VM sends the request asynchronously and goes on serving,
        // and VFS answers with a message of its own by SENDA (a SENDNB reply would be lost while
        // VM is busy). VM has one MapRead out at a time.
        public const int MapRead = 0x0B02;
        // A VfsMapDevice from VM, for a MAP_SHARED mmap of a descriptor: the device memory behind
        // it (/dev/fb0's pixels), by SENDA both ways as MapRead. Reply Result = the physical
        // address of Offset, or a negated errno (EBADF; EACCES for a descriptor not open for
        // reading, or not for writing when Writable; ENODEV for what has no memory to map: a
        // regular file, whose shared mappings are not done, a pipe, a terminal; EINVAL for a range
        // past the device's memory), Owner = the driver whose memory ranges allow the mapping
        // (VMMAPPHYSICAL's authority), Grant = -1.
        public const int MapDevice = 0x0B03;
        public const int Reply = 0x0B80;
    }

    public struct VfsExecOpen : IMessagePayload
    {
        public int Process;                 // whose view of the tree (its root, working directory)
        public int PathLength;
        public ulong PathAddress;           // in the caller's memory, not NUL-terminated
    }

    public struct VfsRelease : IMessagePayload
    {
        public int Grant;
        public int Owner;                   // as ExecOpen answered
    }

    public struct VfsMapRead : IMessagePayload
    {
        public int Process;
        public int Descriptor;
        public ulong Offset;
        public ulong Length;
        public int Grant;                   // the caller's, writable by VFS
    }

    public struct VfsMapDevice : IMessagePayload
    {
        public int Process;
        public int Descriptor;
        public ulong Offset;
        public ulong Length;
        public int Writable;                // 1: PROT_WRITE
    }

    public struct VfsReply : IMessagePayload
    {
        public long Result;                 // ExecOpen: the file's length
        public int Grant;                   // ExecOpen: a read grant of the file to the caller; MapRead: the request's grant
        public int Owner;                   // ExecOpen: the grant's owner; MapDevice: the device's driver
    }
}
