using Lunix.Abi;
using Lunix.CharDriver;

namespace Lunix.Drivers.Tty
{
    // Who asked to hear when a terminal becomes readable or writable (a Select with Watch):
    // each is told once, by a SelectReady, and forgotten; it asks again for more.
    internal sealed class SelectWatchers
    {
        public const int Size = 16;
        private readonly int[] _source = new int[Size];
        private readonly int[] _minor = new int[Size];
        private readonly int[] _operations = new int[Size];
        private readonly Terminal[] _terminal = new Terminal[Size];

        public void Watch(int source, int minor, int operations, Terminal terminal)
        {
            int free = -1;
            for (int i = 0; i < Size; i++)
            {
                if (_operations[i] != 0 && _source[i] == source && _minor[i] == minor) { _operations[i] |= operations; return; }
                if (_operations[i] == 0 && free < 0) free = i;
            }
            if (free < 0) free = 0;                         // full: the oldest-placed is dropped, it asks again on its next poll
            _source[free] = source;
            _minor[free] = minor;
            _operations[free] = operations;
            _terminal[free] = terminal;
        }

        public void Notify()
        {
            for (int i = 0; i < Size; i++)
            {
                if (_operations[i] == 0) continue;
                Terminal terminal = _terminal[i];
                int ready = (terminal.ReadReady() ? SelectOperations.Read : 0) | (terminal.WriteReady() ? SelectOperations.Write : 0);
                int now = _operations[i] & ready;
                if (now == 0) continue;
                _operations[i] = 0;
                CharReplies.SelectReady(_source[i], _minor[i], now);
            }
        }
    }
}
