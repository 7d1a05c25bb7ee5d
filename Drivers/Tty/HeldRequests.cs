using Lunix.Abi.Linux;
using Lunix.CharDriver;

namespace Lunix.Drivers.Tty
{
    public enum HeldKind : byte { Free, Read, Write, Drain, WaitActive }

    // A request the terminal answers later: a read waiting for input or its VTIME, a write
    // waiting for room, an ioctl waiting for the output to drain (then new settings, or a break
    // that lasts BreakEnds), a VT_WAITACTIVE waiting for its console to be shown.
    internal struct HeldRequest
    {
        public HeldKind Kind;
        public long Order;                  // arrival: reads are served in turn, as are writes
        public CharRequest Request;
        public Terminal Terminal;           // the terminal its minor named
        public int Grant;
        public TerminalRead Read;
        public TerminalWrite Write;
        public IoctlFollowUp FollowUp;
        public LinuxTermios Settings;       // DrainThenApplySettings
        public ulong BreakEnds;             // DrainThenBreak, once the break began; 0 before
        public int Console;                 // WaitActive: the console (1..) it waits for
    }

    // The held requests, sized at start-up: each of VFS's processes blocked on the terminal holds
    // one. A request finding the table full is refused with EAGAIN.
    internal sealed class HeldRequests
    {
        public const int Size = 64;
        private readonly HeldRequest[] _requests = new HeldRequest[Size];
        private long _next;

        public int Count { get; private set; }

        public ref HeldRequest this[int index] => ref _requests[index];

        // A free entry for a new request, or -1.
        public int Add(HeldKind kind, in CharRequest request, int grant)
        {
            for (int i = 0; i < Size; i++)
            {
                if (_requests[i].Kind != HeldKind.Free) continue;
                _requests[i] = default;
                _requests[i].Kind = kind;
                _requests[i].Order = _next++;
                _requests[i].Request = request;
                _requests[i].Grant = grant;
                Count++;
                return i;
            }
            return -1;
        }

        public void Remove(int index)
        {
            if (_requests[index].Kind == HeldKind.Free) return;
            _requests[index].Kind = HeldKind.Free;
            Count--;
        }

        // The oldest held request of a kind (the one whose turn it is), or -1; of one terminal's
        // requests (each terminal's readers and writers take their turns apart), or of all.
        public int Oldest(HeldKind kind, Terminal terminal = null)
        {
            int oldest = -1;
            for (int i = 0; i < Size; i++)
                if (_requests[i].Kind == kind && (terminal == null || _requests[i].Terminal == terminal)
                    && (oldest < 0 || _requests[i].Order < _requests[oldest].Order)) oldest = i;
            return oldest;
        }

        public int Find(int source, int id)
        {
            for (int i = 0; i < Size; i++)
                if (_requests[i].Kind != HeldKind.Free && _requests[i].Request.Source == source && _requests[i].Request.Id == id) return i;
            return -1;
        }

        public bool Any(HeldKind kind, Terminal terminal = null) => Oldest(kind, terminal) >= 0;
    }
}
