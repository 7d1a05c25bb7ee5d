using System;
using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;
using Lunix.Abi;

namespace Lunix.Kernel.Memory
{
    // A range of user memory, with the access the kernel may make to it in its type (Redox's
    // UserSlice<READ, WRITE>): only a UserSlice<Readable> can be copied from and only a
    // UserSlice<Writable> copied to. Every copy goes through the fault-safe routine in
    // Arch.X86/Boot/usercopy.S, so a bad user pointer yields EFAULT, never a kernel crash.
    public readonly struct UserSlice<TAccess> where TAccess : struct
    {
        public readonly ulong Address;
        public readonly ulong Length;

        public UserSlice(ulong address, ulong length)
        {
            Address = address;
            Length = length;
        }

        // In the user half, without wrapping: [Address, Address + Length) ends by UserLimit, so a
        // kernel or non-canonical address is refused before anything is touched. (An empty range
        // may sit exactly at UserLimit: it touches nothing. Written so that a constant length
        // folds to one compare; excluding that empty range too cost 12 instructions per round trip.)
        public bool IsInUserHalf => Length <= UserAccess.UserLimit && Address <= UserAccess.UserLimit - Length;
    }

    public struct Readable { }
    public struct Writable { }
    public struct ReadWrite { }

    // Inlined: the IPC path copies a message in and out on every call.
    public static unsafe class UserSliceCopy
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno CopyTo(this UserSlice<Readable> source, Span<byte> destination) => Read(source.Address, source.Length, source.IsInUserHalf, destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno CopyTo(this UserSlice<ReadWrite> source, Span<byte> destination) => Read(source.Address, source.Length, source.IsInUserHalf, destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno CopyFrom(this UserSlice<Writable> destination, ReadOnlySpan<byte> source) => Write(destination.Address, destination.Length, destination.IsInUserHalf, source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno CopyFrom(this UserSlice<ReadWrite> destination, ReadOnlySpan<byte> source) => Write(destination.Address, destination.Length, destination.IsInUserHalf, source);

        // A whole IPC message to or from kernel memory the caller holds fixed: no span to build
        // and pin again (the IPC door copies one in and one out on every call).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno CopyTo(this UserSlice<Readable> source, Message* destination) =>
            source.Length == Message.Size && source.IsInUserHalf && UserAccess.Copy(destination, (void*)source.Address, Message.Size) == 0 ? Errno.Ok : Errno.EFAULT;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno CopyFrom(this UserSlice<Writable> destination, Message* source) =>
            destination.Length == Message.Size && destination.IsInUserHalf && UserAccess.Copy((void*)destination.Address, source, Message.Size) == 0 ? Errno.Ok : Errno.EFAULT;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Errno Read(ulong address, ulong length, bool inUserHalf, Span<byte> destination)
        {
            if (!inUserHalf || length > (ulong)destination.Length) return Errno.EFAULT;
            fixed (byte* target = destination)
                return UserAccess.Copy(target, (void*)address, length) == 0 ? Errno.Ok : Errno.EFAULT;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Errno Write(ulong address, ulong length, bool inUserHalf, ReadOnlySpan<byte> source)
        {
            if (!inUserHalf || (ulong)source.Length > length) return Errno.EFAULT;
            fixed (byte* data = source)
                return UserAccess.Copy((void*)address, data, (ulong)source.Length) == 0 ? Errno.Ok : Errno.EFAULT;
        }
    }
}
