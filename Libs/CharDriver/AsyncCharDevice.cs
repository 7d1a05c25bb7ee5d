using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.CharDriver
{
    // A character device that serves VFS's asynchronous protocol (Abi/CharDriverRequests.cs):
    // requests and answers by SENDA, so that neither side waits on the other. Each operation
    // returns its result, which CharDriverLoop sends at once, or CharDriverLoop.Held: the driver
    // keeps the request and answers it later with CharRequest.Answer (a read once input came, a
    // write once there is room). Cancel must answer the request it names, if still held.
    // Results are counts, 0, or negated Linux errnos. Interrupts and alarms (notifications from
    // the kernel) go to KernelNotified.
    public abstract class AsyncCharDevice : SefService
    {
        public virtual long Open(in CharRequest request) => 0;
        public virtual long Close(in CharRequest request) => 0;
        public virtual long SessionEnded(in CharRequest request) => 0;
        public virtual long Read(in CharRequest request, ulong position, GrantedSlice<Writable> buffer) => -(long)LinuxErrno.EINVAL;
        public virtual long Write(in CharRequest request, ulong position, GrantedSlice<Readable> data) => -(long)LinuxErrno.EINVAL;
        // `grant` covers the argument's bytes (read and write), -1 when the argument is `value` itself.
        public virtual long Ioctl(in CharRequest request, uint command, int grant, ulong value) => -(long)LinuxErrno.ENOTTY;
        // Answer request `id` of `source` now, if it is held; nothing if it is not.
        public virtual void Cancel(int source, int minor, int id) { }
        // Which of `operations` (SelectOperations) are ready; with `watch` and none ready, send
        // `source` a SelectReady (CharReplies.SelectReady) once one is.
        public virtual int Select(int source, int minor, int operations, bool watch) => operations;
        public virtual void KernelNotified() { }
    }
}
