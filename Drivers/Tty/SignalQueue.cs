namespace Lunix.Drivers.Tty
{
    // Signals the terminal raised and the driver has yet to send to PM (PmRequests.Signal), each
    // for a process group. A few at most wait at a time (each keystroke raises one); when the
    // queue is full the oldest is dropped, as a signal already pending would be.
    public sealed class SignalQueue
    {
        public const int Size = 16;

        private readonly int[] _groups = new int[Size];
        private readonly int[] _signals = new int[Size];
        private int _first, _count;

        public int Count => _count;

        public void Raise(int group, int signal)
        {
            if (group <= 0) return;                     // no process group: nobody to signal
            if (_count == Size) { _first = (_first + 1) % Size; _count--; }
            int at = (_first + _count) % Size;
            _groups[at] = group;
            _signals[at] = signal;
            _count++;
        }

        public bool Peek(out int group, out int signal)
        {
            group = signal = 0;
            if (_count == 0) return false;
            group = _groups[_first];
            signal = _signals[_first];
            return true;
        }

        public void Drop()
        {
            if (_count == 0) return;
            _first = (_first + 1) % Size;
            _count--;
        }
    }
}
