using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    // VFS as the file mappings see it: a write grant of VM's buffer made out to VFS, and a
    // MapRead sent without waiting (SENDA); VFS's answer comes later as a message of its own
    // (VfsLink; the hosted tests give a stand-in). Results are 0, a grant id, or a negated Errno.
    public interface IFileReader
    {
        // The first `length` bytes of `buffer`, which stays where it is.
        int Grant(byte[] buffer, int length);
        void Revoke(int grant);
        int Send(in VfsMapRead request);
        int Send(in VfsMapDevice request);
    }

    // Answers to POSIX processes whose call was Deferred.
    public interface IPosixReplies
    {
        void Reply(int process, long result);
    }

    // The private file mappings being filled (MINIX VM's asynchronous VFS requests): mmap made
    // the region and saved it; here its pages are backed (writable, for the copy), the file's
    // bytes read by VFS a chunk at a time into VM's buffer (VfsRequests.MapRead) and copied into
    // the process, the pages given the mapping's rights, and the process answered with the
    // address. VM may not wait for VFS (a copy VFS makes into a process may wait for VM), so it
    // asks by SENDA and goes on serving; VFS answers by SENDA. One MapRead is out at a time, the
    // other mappings wait their turn in a queue of one place per process (a process makes one
    // call at a time). A refusal (EBADF, EACCES, ENODEV...) takes the region and its pages away
    // again and is the process's answer. Pages past the file's end read zero (not SIGBUS, as on
    // Linux). VFS answers only MapRead requests that VM has out: anything else is ignored.
    // A shared mapping of a descriptor (MAP_SHARED) takes the same queue with one request,
    // MapDevice: VFS answers with the device memory behind the descriptor (/dev/fb0's pixels)
    // and the driver that owns it, and the kernel maps that memory into the region on the
    // driver's authority (IPageTables.MapDevice); nothing is backed or copied.
    public sealed class FileMappings
    {
        public const int ChunkBytes = 64 * 1024;
        private const ulong PageSize = VmRequests.PageSize;

        private struct Mapping
        {
            public int Process;
            public int Descriptor;
            public ulong Address;
            public ulong Length;
            public ulong Offset;
            public ulong Done;
            public VmProtection Protection;
            public bool Device;             // MAP_SHARED: VFS's MapDevice, not MapRead
        }

        private readonly RegionTable regions;
        private readonly IPageTables pages;
        private readonly IFileReader reader;
        private readonly IPosixReplies replies;
        private readonly byte[] buffer = new byte[ChunkBytes];
        private readonly Mapping[] queue = new Mapping[Endpoint.Slots];
        private int head, count;
        private int grant = -1;                 // the MapRead out, by its grant; -1: none
        private bool deviceAsked;               // the MapDevice out (VFS answers it with Grant -1)

        public FileMappings(RegionTable regions, IPageTables pages, IFileReader reader, IPosixReplies replies)
        {
            this.regions = regions;
            this.pages = pages;
            this.reader = reader;
            this.replies = replies;
        }

        // A mapping is being filled or waits: VM is not in a state to hand over (live update).
        public bool Busy => count > 0;

        // mmap's region [address, address + length) of `process` is to hold the file's bytes from
        // `offset` (`device`: to be the device memory behind the descriptor from `offset`); the
        // process's answer comes once they are there.
        public void Start(int process, ulong address, ulong length, VmProtection protection, int descriptor, ulong offset, bool device = false)
        {
            if (count == queue.Length)
            {
                Fail(process, address, length, -(long)LinuxErrno.EAGAIN);
                return;
            }
            queue[(head + count++) % queue.Length] = new Mapping
            {
                Process = process, Descriptor = descriptor, Address = address, Length = length, Offset = offset, Protection = protection,
                Device = device,
            };
            Advance();
        }

        // VFS's answer (a VfsReply by SENDA from VFS): the bytes of the chunk asked for are in the
        // buffer, or the refusal.
        public void Answer(int source, in VfsReply reply)
        {
            if (source != BootEndpoints.Vfs) return;
            if (deviceAsked && reply.Grant == -1)
            {
                deviceAsked = false;
                AnswerDevice(in reply);
                Advance();
                return;
            }
            if (grant < 0 || reply.Grant != grant) return;
            reader.Revoke(grant);
            grant = -1;
            ref Mapping mapping = ref queue[head];
            ulong asked = Math.Min((ulong)ChunkBytes, mapping.Length - mapping.Done);
            if (reply.Result < 0 || (ulong)reply.Result > asked) Complete(reply.Result < 0 ? reply.Result : -(long)LinuxErrno.EIO);
            // The pages are fresh and zero: only the bytes read need copying, and a short read is
            // the file's end, past which everything stays zero.
            else if (reply.Result > 0 && pages.CopyTo(mapping.Process, mapping.Address + mapping.Done, new ReadOnlySpan<byte>(buffer, 0, (int)reply.Result)) != 0)
                Complete(-(long)LinuxErrno.EFAULT);
            else
            {
                mapping.Done += asked;
                if ((ulong)reply.Result < asked || mapping.Done == mapping.Length) Complete(0);
            }
            Advance();
        }

        // VFS's answer to MapDevice: the physical address of the mapping's first byte and the
        // driver whose ranges allow it; the kernel refuses what they do not cover.
        private void AnswerDevice(in VfsReply reply)
        {
            ref Mapping mapping = ref queue[head];
            if (reply.Result < 0)
            {
                Complete(reply.Result);
                return;
            }
            bool writable = (mapping.Protection & VmProtection.Writable) != 0;
            int mapped = pages.MapDevice(mapping.Process, reply.Owner, mapping.Address, mapping.Length, (ulong)reply.Result, writable);
            Complete(mapped == 0 ? 0 : mapped == -(int)Errno.EPERM ? -(long)LinuxErrno.EACCES : -(long)LinuxErrno.ENOMEM);
        }

        // With no request out, the head mapping's next step: a device mapping's one MapDevice;
        // a file mapping's pages backed writable for the copies when it starts, then its next
        // chunk asked for. A step that fails completes the mapping with the error, and the next
        // one goes on.
        private void Advance()
        {
            while (count > 0 && grant < 0 && !deviceAsked)
            {
                ref Mapping mapping = ref queue[head];
                if (mapping.Device)
                {
                    var ask = new VfsMapDevice
                    {
                        Process = mapping.Process, Descriptor = mapping.Descriptor, Offset = mapping.Offset, Length = mapping.Length,
                        Writable = (mapping.Protection & VmProtection.Writable) != 0 ? 1 : 0,
                    };
                    if (reader.Send(in ask) != 0) Complete(-(long)LinuxErrno.EIO);
                    else deviceAsked = true;
                    continue;
                }
                if (mapping.Done == 0 && pages.Back(mapping.Process, mapping.Address, mapping.Length, VmProtection.Writable) != 0)
                {
                    Complete(-(long)LinuxErrno.ENOMEM);
                    continue;
                }
                ulong asked = Math.Min((ulong)ChunkBytes, mapping.Length - mapping.Done);
                int made = reader.Grant(buffer, (int)asked);
                if (made < 0)
                {
                    Complete(-(long)LinuxErrno.ENOMEM);
                    continue;
                }
                var request = new VfsMapRead
                {
                    Process = mapping.Process, Descriptor = mapping.Descriptor, Offset = mapping.Offset + mapping.Done, Length = asked, Grant = made,
                };
                if (reader.Send(in request) != 0)
                {
                    reader.Revoke(made);
                    Complete(-(long)LinuxErrno.EIO);
                    continue;
                }
                grant = made;
            }
        }

        // The head mapping is done (0) or refused, and leaves the queue; its process is answered.
        private void Complete(long result)
        {
            Mapping mapping = queue[head];
            head = (head + 1) % queue.Length;
            count--;
            if (result != 0)
            {
                Fail(mapping.Process, mapping.Address, mapping.Length, result);
                return;
            }
            if (!mapping.Device) pages.Protect(mapping.Process, mapping.Address, mapping.Length, mapping.Protection);
            replies.Reply(mapping.Process, (long)mapping.Address);
        }

        // The region and its pages go again; the refusal is the process's answer.
        private void Fail(int process, ulong address, ulong length, long error)
        {
            if (regions.Open(process, out int entry) == 0 && regions.Clear(entry, address, address + length) == 0) regions.Save(entry);
            pages.Unmap(process, address, length);
            replies.Reply(process, error);
        }
    }
}
