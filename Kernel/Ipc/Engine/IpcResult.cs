using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // What became of the calling process's IPC trap. Completed: return Error to the caller, and
    // when HasMessage copy ProcessSlot.Incoming to its message buffer. Blocked: the caller must
    // not run until the engine resumes it (IpcEngine.TakeResumed).
    public readonly struct IpcResult
    {
        public readonly bool Blocked;
        public readonly bool HasMessage;
        public readonly Errno Error;

        private IpcResult(bool blocked, bool hasMessage, Errno error)
        {
            Blocked = blocked;
            HasMessage = hasMessage;
            Error = error;
        }

        public static IpcResult Done => new IpcResult(false, false, Errno.Ok);
        public static IpcResult Delivered => new IpcResult(false, true, Errno.Ok);
        public static IpcResult Block => new IpcResult(true, false, Errno.Ok);
        public static IpcResult Fail(Errno error) => new IpcResult(false, false, error);
    }

    // A process the last operation released from a block: it returns Error from its trap and,
    // when HasMessage, finds ProcessSlot.Incoming copied to its message buffer.
    public readonly struct Resumption
    {
        public readonly int Slot;
        public readonly bool HasMessage;
        public readonly Errno Error;

        public Resumption(int slot, bool hasMessage, Errno error)
        {
            Slot = slot;
            HasMessage = hasMessage;
            Error = error;
        }
    }
}
