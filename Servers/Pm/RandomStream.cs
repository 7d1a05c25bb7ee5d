using System;

namespace Lunix.Servers.Pm
{
    // PM's random bytes (getrandom, AT_RANDOM): ChaCha20 (RFC 8439) as a generator with fast key
    // erasure, like Linux's crng: each request's bytes come from the key stream of the current
    // key, and the stream's next 32 bytes become the key, so what was handed out cannot be
    // recomputed from what is kept. Seeded at start-up and stirred with more entropy (Mix) as it
    // comes: the processor's RDRAND when it has one, the time-stamp counter, the real-time clock.
    internal sealed class RandomStream
    {
        private readonly uint[] _key = new uint[8];
        private readonly uint[] _input = new uint[16];
        private readonly uint[] _output = new uint[16];
        private ulong _nonce;

        public RandomStream(ReadOnlySpan<byte> seed)
        {
            for (int i = 0; i < seed.Length; i++) _key[(i / 4) % 8] ^= (uint)seed[i] << (8 * (i % 4));
        }

        // Entropy stirred into the key.
        public void Mix(ulong value)
        {
            _key[0] ^= (uint)value;
            _key[1] ^= (uint)(value >> 32);
            Rekey();
        }

        public void Fill(Span<byte> into)
        {
            for (int done = 0; done < into.Length; done += 64)
            {
                NextBlock();
                int chunk = Math.Min(64, into.Length - done);
                for (int i = 0; i < chunk; i++) into[done + i] = (byte)(_output[i / 4] >> (8 * (i % 4)));
            }
            Rekey();
        }

        private void Rekey()
        {
            NextBlock();
            for (int i = 0; i < 8; i++) _key[i] = _output[i];
            new Span<uint>(_output).Clear();
        }

        private void NextBlock()
        {
            _input[0] = 0x61707865; _input[1] = 0x3320646e; _input[2] = 0x79622d32; _input[3] = 0x6b206574;
            for (int i = 0; i < 8; i++) _input[4 + i] = _key[i];
            _input[12] = 0;
            _input[13] = (uint)_nonce;
            _input[14] = (uint)(_nonce >> 32);
            _input[15] = 0;
            _nonce++;
            Block(_input, _output);
        }

        // The ChaCha20 block function: 20 rounds over `input` (constants, key, counter, nonce),
        // added to the input.
        public static void Block(ReadOnlySpan<uint> input, Span<uint> output)
        {
            Span<uint> x = stackalloc uint[16];
            input.CopyTo(x);
            for (int round = 0; round < 10; round++)
            {
                Quarter(x, 0, 4, 8, 12); Quarter(x, 1, 5, 9, 13); Quarter(x, 2, 6, 10, 14); Quarter(x, 3, 7, 11, 15);
                Quarter(x, 0, 5, 10, 15); Quarter(x, 1, 6, 11, 12); Quarter(x, 2, 7, 8, 13); Quarter(x, 3, 4, 9, 14);
            }
            for (int i = 0; i < 16; i++) output[i] = x[i] + input[i];
        }

        private static void Quarter(Span<uint> x, int a, int b, int c, int d)
        {
            x[a] += x[b]; x[d] = Rotate(x[d] ^ x[a], 16);
            x[c] += x[d]; x[b] = Rotate(x[b] ^ x[c], 12);
            x[a] += x[b]; x[d] = Rotate(x[d] ^ x[a], 8);
            x[c] += x[d]; x[b] = Rotate(x[b] ^ x[c], 7);
        }

        private static uint Rotate(uint value, int bits) => (value << bits) | (value >> (32 - bits));
    }
}
