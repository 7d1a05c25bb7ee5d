using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // The fixed-size message every IPC primitive carries: 64 bytes, as in MINIX 3. The kernel
    // fills Source on delivery (the sender cannot forge it); Type says what the payload means.
    // The payload is read and written only through the layout its type names, a struct laid
    // over it in place (MINIX's m_* structs in ipc.h): `message.Payload<VmPageFault>().Address`.
    // Each protocol's file holds its type codes and layouts, and both sides use them.
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct Message
    {
        public const int Size = 64;
        public const int PayloadSize = Size - 8;

        [FieldOffset(0)] public int Source;         // endpoint of the sender, set by the kernel
        [FieldOffset(4)] public int Type;           // request or reply code, NotifyMessage for notifications
        // The 56-byte payload as seven private words: what the compiler lays out and copies for a
        // message is then what it always was (no fixed buffer, which would make it guard every
        // method with a Message local by a stack cookie; no inline array, whose Equals the hosted
        // runtime refuses, and the IPC tests compare messages whole).
        [FieldOffset(8)] private long _payload0;
        [FieldOffset(16)] private long _payload1;
        [FieldOffset(24)] private long _payload2;
        [FieldOffset(32)] private long _payload3;
        [FieldOffset(40)] private long _payload4;
        [FieldOffset(48)] private long _payload5;
        [FieldOffset(56)] private long _payload6;

        // The payload as the layout T, in place: writes through the reference are the message's
        // bytes. Every layout fits the payload (checked by the hosted MessageLayoutTests).
        // Inlined, so that reading a field costs what reading a word did (the kernel's
        // notifications and page faults, VM's fault path).
        [UnscopedRef, MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T Payload<T>() where T : unmanaged, IMessagePayload => ref Unsafe.As<long, T>(ref _payload0);

        // The payload as bytes, for code that handles it without knowing its layout (the vm
        // suite's echo, known by every byte).
        [UnscopedRef]
        public Span<byte> PayloadBytes => MemoryMarshal.CreateSpan(ref Unsafe.As<long, byte>(ref _payload0), PayloadSize);

        // A notification's type; its payload is a Notification.
        public const int NotifyMessage = 0x1000;
    }

    // A struct laid over a message's payload (Message.Payload): at most Message.PayloadSize bytes,
    // no references. The hosted tests find every layout by this interface.
    public interface IMessagePayload { }
}
