using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.Fuzzer
{
    // The fuzz suite (kernel option suite=fuzz): 100,000 system calls from ring 3 with random
    // trap classes, call numbers, endpoints, flags and pointers (null, unmapped, kernel,
    // non-canonical, misaligned, straddling the end of a page, valid). Every call must return;
    // the kernel must neither panic nor hang. Calls that would legitimately wait for ever are
    // not made: a blocking primitive only goes to endpoints that cannot answer (dead, invalid,
    // itself), and EXIT is never drawn.
    internal static unsafe class Fuzzer
    {
        private const int Calls = 100000;
        private static ulong s_state = 0x9E3779B97F4A7C15;
        private static readonly byte[] s_buffer = new byte[2 * 4096];

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Tap.Plan(3);
            // First, while pong is fresh: an asynchronous message with a completion notice.
            Tap.Check(1, "SENDA delivers a table entry, marks it done and notifies the sender", SendAsyncToPong());
            int errors = 0, unknown = 0, faults = 0, denied = 0, dead = 0, invalid = 0;
            for (int i = 0; i < Calls; i++)
            {
                long result = OneCall();
                if (result >= 0) continue;
                errors++;
                if (!IsErrno(-result)) unknown++;
                else if (result == -(int)Errno.EFAULT) faults++;
                else if (result == -(int)Errno.ECALLDENIED) denied++;
                else if (result == -(int)Errno.EDEADSRCDST) dead++;
                else if (result == -(int)Errno.EINVAL) invalid++;
            }
            // Every call came back with a result the ABI defines, and the kinds of bad input the
            // fuzzer draws were each refused the way the ABI says (a bad pointer with EFAULT, a
            // call outside its mask with ECALLDENIED, a dead endpoint with EDEADSRCDST, a bad
            // argument with EINVAL).
            Tap.Check(2, "100,000 random system calls returned 0, a value or a defined error, bad pointers and calls outside the mask among them refused",
                      unknown == 0 && faults > 0 && denied > 0 && dead > 0 && invalid > 0);
            // The kernel still serves a well-formed call after the storm.
            Message message = default;
            bool sane = Syscalls.SendNonBlocking(TestEndpoints.Fuzzer, message) == -(int)Errno.ELOCKED
                        || Syscalls.SendNonBlocking(TestEndpoints.Fuzzer, message) == -(int)Errno.ENOTREADY;
            Tap.Check(3, "the kernel answers correctly after the fuzzing", sane && errors > 0);
            return 0;
        }

        // One SENDA table entry to pong with AMF_VALID | AMF_NOTIFY. Pong answers the message with
        // a SEND of its type plus one; the kernel marks the entry done and sends a completion
        // notice.
        private static bool SendAsyncToPong()
        {
            Span<AsyncEntry> table = stackalloc AsyncEntry[1];
            table[0].Flags = AsyncFlags.Valid | AsyncFlags.Notify;
            table[0].Destination = TestEndpoints.Pong;
            table[0].Result = (Errno)(-1);
            table[0].Message.Type = 70;
            if (Syscalls.SendAsync(table) != 0) return false;
            if (Syscalls.Receive(Lunix.Abi.Endpoint.Any, out Message first) != 0 || Syscalls.Receive(Lunix.Abi.Endpoint.Any, out Message second) != 0) return false;
            bool notified = (first.Type == Message.NotifyMessage && first.Source == BootEndpoints.Kernel)
                            || (second.Type == Message.NotifyMessage && second.Source == BootEndpoints.Kernel);
            bool answered = (first.Type == 71 && first.Source == TestEndpoints.Pong) || (second.Type == 71 && second.Source == TestEndpoints.Pong);
            return notified && answered && (table[0].Flags & AsyncFlags.Done) != 0 && table[0].Result == Errno.Ok;
        }

        // A negated result the contract defines (Abi/Errno.cs).
        private static bool IsErrno(long code) => (Errno)code switch
        {
            Errno.EPERM or Errno.ENOENT or Errno.EIO or Errno.ENOEXEC or Errno.EAGAIN or Errno.ENOMEM or Errno.EFAULT or Errno.EBUSY
                or Errno.EEXIST or Errno.EINVAL or Errno.ENOSPC or Errno.ENAMETOOLONG or Errno.ENOSYS or Errno.ETIMEDOUT or Errno.ELOCKED
                or Errno.EBADCALL or Errno.ECALLDENIED or Errno.EDEADSRCDST or Errno.ENOTREADY or Errno.EBADREQUEST or Errno.ETRAPDENIED => true,
            _ => false,
        };

        private static ulong Next()
        {
            // xorshift64*: fast, deterministic, good enough to spread the inputs.
            s_state ^= s_state >> 12;
            s_state ^= s_state << 25;
            s_state ^= s_state >> 27;
            return s_state * 0x2545F4914F6CDD1D;
        }

        private static long OneCall()
        {
            ulong r = Next();
            int choice = (int)(r % 8);
            long pointer = Pointer(Next());
            long endpoint = Endpoint(Next());
            switch (choice)
            {
                case 0: return Syscalls.SendNonBlocking((int)endpoint, in At(pointer));
                case 1: return Syscalls.Notify((int)endpoint);
                case 2: return Syscalls.SendAsync((void*)pointer, (int)(Next() % 40) - 4);
                case 3: return RawPrimitive((int)(Next() % 64), endpoint, pointer);
                case 4: return Syscalls.SendReceive(Unreachable(Next()), ref At(pointer));
                case 5: return Syscalls.Receive(Unreachable(Next()), out At(pointer));
                case 6: return Syscalls.KernelCall((int)(Next() % 64) is int n && n != KernelCalls.Exit && n != KernelCalls.DiagCtl ? n : 0,
                                                  (long)Next(), pointer, (long)Next(), (long)Next());
                default: return Syscalls.KernelCall(KernelCalls.DiagCtl, BadPointer(Next()), (long)(Next() % 512));
            }
        }

        // Any primitive number, valid or not; the blocking ones only towards endpoints that
        // cannot answer.
        private static long RawPrimitive(int primitive, long endpoint, long pointer)
        {
            bool blocking = primitive == Traps.Send || primitive == Traps.Receive || primitive == Traps.SendReceive
                            || primitive == Traps.ReplyReceive;
            return Syscalls.IpcRaw(primitive, blocking ? Unreachable(Next()) : endpoint, pointer);
        }

        // Endpoints across the whole range: live ones, dead slots, other generations, ANY,
        // negative, huge.
        private static long Endpoint(ulong r) => (r % 6) switch
        {
            0 => (long)(r >> 8) % 8,
            1 => (long)(r >> 8) % 64,
            2 => Lunix.Abi.Endpoint.Any,
            3 => -(long)((r >> 8) % 100000),
            4 => (long)((r >> 8) % 0x80000),
            _ => (long)(r >> 8),
        };

        // An endpoint a blocking primitive cannot wait on for ever: dead, invalid, or ourselves.
        private static int Unreachable(ulong r) => (r % 4) switch
        {
            0 => 29 + (int)((r >> 8) % 31),                              // slots no suite occupies (29-59)
            1 => TestEndpoints.Fuzzer,                                    // ourselves: ELOCKED
            2 => -1 - (int)((r >> 8) % 1000),                             // invalid
            _ => Lunix.Abi.Endpoint.Make(1 + (int)((r >> 8) % 7), BootEndpoints.Init),  // a stale generation
        };

        private static long Pointer(ulong r)
        {
            fixed (byte* buffer = s_buffer)
            {
                ulong page = ((ulong)buffer + 4095) & ~4095UL;
                return (r % 9) switch
                {
                    0 => 0,                                               // null
                    1 => 0x10000,                                         // unmapped
                    2 => unchecked((long)0xFFFFFFFF80200000),             // kernel text
                    3 => unchecked((long)0xFFFF800000100000),             // the direct map
                    4 => 0x0000900000000000,                              // non-canonical
                    5 => (long)page + 4096 - 20,                          // straddling into the next page
                    6 => (long)buffer + 3,                                // misaligned but valid
                    7 => 0x00007FFFFFFFEFFF,                              // the top of the stack area
                    _ => (long)buffer,                                    // valid
                };
            }
        }

        // A message at `pointer`, whatever is there: the kernel is to refuse the bad ones.
        private static ref Message At(long pointer) => ref Unsafe.AsRef<Message>((void*)pointer);

        private static long BadPointer(ulong r)
        {
            long p = Pointer(r);
            fixed (byte* buffer = s_buffer) return p == (long)buffer || p == (long)buffer + 3 ? 0x10000 : p;
        }
    }
}
