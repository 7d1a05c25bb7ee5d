using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.CharDriver
{
    // A character device answered by SENDREC (MINIX's libchardriver in its simplest form): the
    // driver overrides the operations it supports, each request completes at once or fails, and
    // CharDriverLoop.Run answers its caller, who waits. Data moves only through the caller's
    // grant, whose owner is always the caller. A device whose requests may have to wait (a read
    // that waits for input) is an AsyncCharDevice instead.
    public abstract class CharDevice : SefService
    {
        public virtual int Open(int minor, int caller) => 0;
        public virtual int Close(int minor, int caller) => 0;
        // Results: bytes moved, or a negated Errno. `buffer` is the caller's memory to fill,
        // `data` the caller's bytes to take; `position` is on the device.
        public virtual long Read(int minor, ulong position, GrantedSlice<Writable> buffer) => -(int)Errno.EINVAL;
        public virtual long Write(int minor, ulong position, GrantedSlice<Readable> data) => -(int)Errno.EINVAL;
    }
}
