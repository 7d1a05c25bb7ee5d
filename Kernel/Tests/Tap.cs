using Lunix.Kernel.Console;

namespace Lunix.Kernel.Tests
{
    // Test Anything Protocol output for in-guest suites: a plan, one "ok"/"not ok" line per
    // check (the boot tests turn each into a test case of its own), and a summary comment.
    internal struct Tap
    {
        private readonly string _suite;
        private int _number, _failed;

        public Tap(string suite, int planned)
        {
            _suite = suite;
            _number = _failed = 0;
            SystemConsole.WriteLine("TAP version 13");
            SystemConsole.Print("1..%d\n", planned);
        }

        public void Check(string name, bool passed)
        {
            _number++;
            if (!passed) _failed++;
            SystemConsole.Print(passed ? "ok %d - %s\n" : "not ok %d - %s\n", _number, name);
        }

        public void Finish() => SystemConsole.Print("# %s: %d passed, %d failed\n", _suite, _number - _failed, _failed);
    }
}
