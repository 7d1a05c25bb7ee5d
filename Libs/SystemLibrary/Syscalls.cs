using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;

// Locals are not zeroed on entry (C#'s default): the compiler proves each assigned before use,
// and no stackalloc here is read before it is written.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Lunix.SystemLibrary
{
    // The system calls, each one `syscall` through syscall.S (ABI in Abi/Traps.cs). Results are
    // 0 or a negated Errno, as the kernel returns them.
    public static unsafe class Syscalls
    {
        [DllImport("*", EntryPoint = "lunix_syscall"), SuppressGCTransition]
        private static extern long Trap(long trap, long a0, long a1, long a2, long a3);

        [DllImport("*", EntryPoint = "lunix_ipc"), SuppressGCTransition]
        private static extern long IpcTrap(long a0, long a1, long trap);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Ipc(int primitive, long a0, long a1)
        {
            SendHeldReply();
            return (int)IpcTrap(a0, a1, Traps.Encode(Traps.IpcClass, primitive));
        }

        // A server's reply to a client waiting in SENDREC, held back until the server's next
        // system call (HoldReply): a RECEIVE from anyone then becomes one REPLYRECEIVE, the
        // reply and the wait for the next request in one trap (the kernel's fast path when the
        // server has nothing else waiting); any other call sends it first, by SENDNB, so that
        // everything the server does after a reply still happens after it. Like SENDNB, the
        // reply is dropped when the client is no longer waiting.
        private const int NoOne = int.MinValue;
        private static int s_heldFor = NoOne;
        private static Message s_heldReply;

        public static void HoldReply(int client, in Message reply)
        {
            SendHeldReply();
            s_heldReply = reply;
            s_heldFor = client;
        }

        // The held reply, if any, by SENDNB.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SendHeldReply()
        {
            if (s_heldFor == NoOne) return;
            int client = s_heldFor;
            s_heldFor = NoOne;
            IpcTrap(client, Address(in s_heldReply), Traps.Encode(Traps.IpcClass, Traps.SendNonBlocking));
        }

        // Any IPC primitive number, for tests of the kernel's refusal of unknown ones.
        public static long IpcRaw(int primitive, long a0, long a1)
        {
            SendHeldReply();
            return IpcTrap(a0, a1, Traps.Encode(Traps.IpcClass, primitive));
        }

        // The message is passed by reference: the kernel reads (and for the receiving calls
        // writes) it where it is, 64 bytes copied once each way.
        public static int Send(int destination, in Message message) => Ipc(Traps.Send, destination, Address(in message));
        public static int Receive(int source, out Message message)
        {
            Unsafe.SkipInit(out message);
            if (s_heldFor != NoOne && source == Endpoint.Any)
            {
                message = s_heldReply;
                if (IpcTrap(s_heldFor, Address(in message), Traps.Encode(Traps.IpcClass, Traps.ReplyReceive)) == 0)
                {
                    s_heldFor = NoOne;
                    return 0;
                }
                // Nothing was received: the reply was refused (by SENDNB's rules it is dropped,
                // or this program may not REPLYRECEIVE: then Ipc's SENDNB of it takes it).
            }
            return Ipc(Traps.Receive, source, Address(in message));
        }
        public static int SendReceive(int destination, ref Message message) => Ipc(Traps.SendReceive, destination, Address(in message));

        // A client's request by SENDREC: the SENDREC's own error, or EIO when what came back is
        // not of the reply's type (a server that went wrong must not pass garbage off as a
        // result), else 0 and the message holds the reply.
        public static int Request(int server, ref Message message, int replyType)
        {
            int sent = SendReceive(server, ref message);
            if (sent != 0) return sent;
            return message.Type == replyType ? 0 : -(int)Errno.EIO;
        }
        // Replies to `destination` without blocking, then waits for the next message from anyone
        // in the same buffer. An error means the reply was not delivered and nothing was received.
        public static int ReplyReceive(int destination, ref Message message) => Ipc(Traps.ReplyReceive, destination, Address(in message));
        public static int Notify(int destination) => Ipc(Traps.Notify, destination, 0);
        public static int SendNonBlocking(int destination, in Message message) => Ipc(Traps.SendNonBlocking, destination, Address(in message));
        // SENDA: the table is the caller's asynchronous message table of `count` entries.
        public static int SendAsync(void* table, int count) => Ipc(Traps.SendAsync, (long)table, count);
        public static int SendAsync(Span<AsyncEntry> table) =>
            Ipc(Traps.SendAsync, (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(table)), table.Length);

        // Where a message is, for the kernel (never moved: Lunix's heaps do not move objects).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static long Address(in Message message) => (long)Unsafe.AsPointer(ref Unsafe.AsRef(in message));

        // SAFECOPYFROM / SAFECOPYTO: `length` bytes between the caller's `buffer` and `offset` of
        // grant `grant` made by `owner` to the caller.
        public static int SafeCopyFrom(int owner, int grant, ulong offset, void* buffer, ulong length) =>
            SafeCopy(KernelCalls.SafeCopyFrom, owner, grant, offset, buffer, length);
        public static int SafeCopyTo(int owner, int grant, ulong offset, void* buffer, ulong length) =>
            SafeCopy(KernelCalls.SafeCopyTo, owner, grant, offset, buffer, length);

        private static int SafeCopy(int call, int owner, int grant, ulong offset, void* buffer, ulong length)
        {
            SafeCopyRequest request = new() { Owner = owner, Grant = grant, Offset = offset, Buffer = (ulong)buffer, Length = length };
            return (int)KernelCall(call, (long)&request);
        }

        public static long KernelCall(int number, long a0 = 0, long a1 = 0, long a2 = 0, long a3 = 0)
        {
            SendHeldReply();
            return Trap(Traps.Encode(Traps.KernelCallClass, number), a0, a1, a2, a3);
        }
    }
}
