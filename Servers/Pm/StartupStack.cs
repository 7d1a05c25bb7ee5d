using System;
using System.Buffers.Binary;

namespace Lunix.Servers.Pm
{
    // The stack a Linux program starts on (the System V x86-64 ABI, as Linux's binfmt_elf builds
    // it), laid out in a buffer whose last byte will sit just below `top` in the new process:
    //   rsp -> argc, argv[0..argc-1], NULL, envp[...], NULL, auxv (type, value) pairs, AT_NULL,
    //          then, up to the top, the strings argv and envp point to, AT_RANDOM's 16 bytes and
    //          AT_EXECFN's and AT_PLATFORM's strings.
    // Pointers are addresses in the new process, computed from `top`; rsp is 16-byte aligned.
    // Build fails (false) when the arguments do not fit the buffer (execve's E2BIG).
    public ref struct StartupStack
    {
        // The auxiliary vector's types (Linux's include/uapi/linux/auxvec.h).
        public const ulong AtNull = 0, AtPhdr = 3, AtPhent = 4, AtPhnum = 5, AtPagesz = 6, AtBase = 7, AtFlags = 8, AtEntry = 9,
                           AtUid = 11, AtEuid = 12, AtGid = 13, AtEgid = 14, AtPlatform = 15, AtHwcap = 16, AtClktck = 17,
                           AtSecure = 23, AtRandom = 25, AtHwcap2 = 26, AtExecfn = 31, AtSysinfoEhdr = 33, AtMinsigstksz = 51;

        private readonly Span<byte> _buffer;
        private readonly ulong _top;
        private int _strings;                  // the string area grows down from the buffer's end

        public StartupStack(Span<byte> buffer, ulong top)
        {
            _buffer = buffer;
            _top = top;
            _strings = buffer.Length;
        }

        // What a program reads of itself and its system through auxv.
        public struct Program
        {
            public ulong ProgramHeaders, ProgramHeaderSize, ProgramHeaderCount, Entry, Hwcap, ClockTicks;
            public ulong Uid, Euid, Gid, Egid;
        }

        // Lays the stack out; `length` is what to copy to end at `top` (rsp = top - length).
        // Strings are NUL-separated lists: "arg0\0arg1\0".
        public bool Build(scoped ReadOnlySpan<byte> arguments, scoped ReadOnlySpan<byte> environment, scoped ReadOnlySpan<byte> execFileName,
                          scoped ReadOnlySpan<byte> random, in Program program, out int length)
        {
            length = 0;
            if (!PushString("x86_64"u8, out ulong platform) || !PushString(execFileName, out ulong execFn) || !PushBytes(random, out ulong randomAt))
                return false;
            Span<ulong> argv = stackalloc ulong[Count(arguments)];
            Span<ulong> envp = stackalloc ulong[Count(environment)];
            if (!PushStrings(environment, envp) || !PushStrings(arguments, argv)) return false;

            Span<ulong> auxv = stackalloc ulong[]
            {
                AtPhdr, program.ProgramHeaders, AtPhent, program.ProgramHeaderSize, AtPhnum, program.ProgramHeaderCount,
                AtPagesz, 4096, AtBase, 0, AtFlags, 0, AtEntry, program.Entry,
                AtUid, program.Uid, AtEuid, program.Euid, AtGid, program.Gid, AtEgid, program.Egid,
                AtPlatform, platform, AtHwcap, program.Hwcap, AtHwcap2, 0, AtClktck, program.ClockTicks,
                AtSecure, 0, AtRandom, randomAt, AtExecfn, execFn, AtSysinfoEhdr, Lunix.Abi.ExecLayout.Vdso, AtMinsigstksz, 2048, AtNull, 0,
            };
            int words = 1 + argv.Length + 1 + envp.Length + 1 + auxv.Length;
            // The vector part ends 16-byte aligned below the strings, and starts aligned too.
            int start = (_strings - words * 8) & ~15;
            if (start < 0) return false;
            int at = start;
            Put(ref at, (ulong)argv.Length);
            foreach (ulong pointer in argv) Put(ref at, pointer);
            Put(ref at, 0);
            foreach (ulong pointer in envp) Put(ref at, pointer);
            Put(ref at, 0);
            foreach (ulong word in auxv) Put(ref at, word);
            _buffer.Slice(at, _strings - at).Clear();
            length = _buffer.Length - start;
            return true;
        }

        private static int Count(ReadOnlySpan<byte> strings)
        {
            int count = 0;
            foreach (byte b in strings)
                if (b == 0) count++;
            return count;
        }

        // Pushes each NUL-ended string (the last first, so they read in order) and records
        // where it went.
        private bool PushStrings(scoped ReadOnlySpan<byte> strings, scoped Span<ulong> addresses)
        {
            int end = strings.Length;
            for (int i = addresses.Length - 1; i >= 0; i--)
            {
                int begin = end - 1;
                while (begin > 0 && strings[begin - 1] != 0) begin--;
                if (!PushBytes(strings.Slice(begin, end - begin), out addresses[i])) return false;
                end = begin;
            }
            return true;
        }

        private bool PushString(scoped ReadOnlySpan<byte> text, out ulong address)
        {
            address = 0;
            if (_strings < text.Length + 1) return false;
            _strings -= text.Length + 1;
            text.CopyTo(_buffer.Slice(_strings));
            _buffer[_strings + text.Length] = 0;
            address = AddressOf(_strings);
            return true;
        }

        private bool PushBytes(scoped ReadOnlySpan<byte> bytes, out ulong address)
        {
            address = 0;
            if (_strings < bytes.Length) return false;
            _strings -= bytes.Length;
            bytes.CopyTo(_buffer.Slice(_strings));
            address = AddressOf(_strings);
            return true;
        }

        // Where offset `at` of the buffer will be: the buffer's end is at `top`.
        private ulong AddressOf(int at) => _top - (ulong)(_buffer.Length - at);

        private void Put(ref int at, ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(at, 8), value);
            at += 8;
        }
    }
}
