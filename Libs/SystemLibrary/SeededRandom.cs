namespace Lunix.SystemLibrary
{
    // A deterministic pseudo-random sequence (xorshift64*) for randomized tests: the same seed
    // gives the same sequence, so a failing run is repeated by booting with its printed seed.
    public struct SeededRandom
    {
        private ulong _state;

        public SeededRandom(ulong seed) => _state = seed == 0 ? 0x9E3779B97F4A7C15 : seed;

        public ulong Next()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return _state * 0x2545F4914F6CDD1D;
        }

        // A number in [0, bound), bound > 0.
        public int Below(int bound) => (int)((Next() >> 33) % (ulong)bound);
    }
}
