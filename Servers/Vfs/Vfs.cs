using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

// No zeroing of every method's locals on entry (C#'s default): the compiler still proves each
// local assigned before use, and a stackalloc that must start zeroed clears itself. Dispatch's
// entry zeroed 600 bytes of frame on every call.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Lunix.Servers.Vfs
{
    // VFS, the virtual file system server (MINIX's servers/vfs): the file side of the POSIX
    // personality. POSIX processes' file calls reach it as PosixCall messages sent in their name
    // (the kernel's PosixDoor); PM tells it of forks, execs, exits and signals (PmVfsRequests) and
    // asks it for programs to execve (VfsRequests, as VM for file-backed mappings). It keeps the
    // descriptor tables, open file descriptions, vnodes, the mount table and pipes, and asks the
    // file system servers (FsRequests: the RAM file system is "/") for the rest, waiting on
    // nobody else: calls that must wait are held and answered later (Suspensions).
    internal static class Vfs
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new VfsEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                Serve(ref message);
                Suspensions.RunReady();
            }
        }

        private static void Serve(ref Message message)
        {
            int caller = message.Source;
            switch (message.Type)
            {
                case PosixRequests.Call:
                {
                    int record = ProcessEvents.RecordOf(caller);
                    long result = record < 0 ? -(long)LinuxErrno.ENOMEM : PosixCalls.Handle(record, in message.Payload<PosixCall>());
                    if (result != Suspensions.Held) PosixCalls.Answer(caller, result);
                    return;
                }
                case VfsRequests.ExecOpen:
                case VfsRequests.Release:
                case VfsRequests.MapRead:
                case VfsRequests.MapDevice:
                {
                    Message reply = default;
                    reply.Type = VfsRequests.Reply;
                    ref VfsReply answer = ref reply.Payload<VfsReply>();
                    answer.Owner = BootEndpoints.Vfs;
                    answer.Grant = -1;
                    if (message.Type == VfsRequests.ExecOpen && caller == BootEndpoints.Pm)
                        answer.Result = ExecFiles.Open(caller, in message.Payload<VfsExecOpen>(), out answer.Grant, out answer.Owner);
                    else if (message.Type == VfsRequests.Release && caller == BootEndpoints.Pm)
                        answer.Result = ExecFiles.Release(in message.Payload<VfsRelease>());
                    else if (message.Type == VfsRequests.MapRead && caller == BootEndpoints.Vm)
                    {
                        answer.Result = ExecFiles.MapRead(caller, in message.Payload<VfsMapRead>());
                        answer.Grant = message.Payload<VfsMapRead>().Grant;     // which request VM's answer is for
                    }
                    else if (message.Type == VfsRequests.MapDevice && caller == BootEndpoints.Vm)
                        answer.Result = Framebuffers.MapDevice(in message.Payload<VfsMapDevice>(), out answer.Owner);
                    else answer.Result = -(long)LinuxErrno.EPERM;
                    // VM sends MapRead and MapDevice by SENDA and never waits in SENDREC for VFS, so
                    // its answer goes by SENDA too (a SENDNB reply would find VM not waiting and be lost).
                    if (message.Type == VfsRequests.MapRead || message.Type == VfsRequests.MapDevice) AsyncSend.Send(caller, in reply);
                    else Sef.Reply(caller, ref reply);
                    return;
                }
                case >= PmVfsRequests.Fork and <= PmVfsRequests.Sync:
                {
                    if (caller != BootEndpoints.Pm) return;
                    Message reply = default;
                    reply.Type = VfsRequests.Reply;
                    reply.Payload<VfsReply>().Result = ProcessEvents.Handle(message.Type, in message.Payload<PmVfsProcess>());
                    Sef.Reply(caller, ref reply);
                    return;
                }
                case CharDriverRequests.Reply:
                    if (caller == Terminals.Driver()) Terminals.Reply(in message.Payload<CharDriverReply>());
                    return;
                case CharDriverRequests.SelectReady:
                    if (caller == Terminals.Driver()) Terminals.SelectReady(in message.Payload<CharDriverSelect>());
                    return;
                case Message.NotifyMessage when caller == BootEndpoints.Kernel:
                    // The alarm: polls whose time is up answer; the next deadline is armed.
                    Suspensions.TimeOut(VfsClock.Ticks());
                    Suspensions.RunReady();
                    VfsClock.ArmAlarm(Suspensions.NextDeadline());
                    return;
                case Message.NotifyMessage when caller == BootEndpoints.Ds:
                    Terminals.DataStoreNews();
                    return;
                case Message.NotifyMessage:
                    return;
                default:
                {
                    // A request this VFS does not know: answered, so its sender never waits forever.
                    Message reply = default;
                    reply.Type = VfsRequests.Reply;
                    reply.Payload<VfsReply>().Result = -(long)LinuxErrno.ENOSYS;
                    Sef.Reply(caller, ref reply);
                    return;
                }
            }
        }
    }

    // Start-up: the tables, "/" mounted from the RAM file system, the console found in /dev.
    internal sealed class VfsEvents : MemoryStateService
    {
        public override int InitFresh()
        {
            FileServers.Link = new IpcFileServerLink();
            Processes.Reset();
            Vnodes.Reset();
            OpenFiles.Reset();
            Mounts.Reset();
            long descriptors = VirtualMemory.Map(MappedTable<ushort>.BytesFor(Processes.Capacity * DescriptorTable.OpenMax), VmProtection.Writable);
            long rings = VirtualMemory.Map((ulong)Pipes.Capacity * Pipes.RingSize, VmProtection.Writable);
            int chunks = PageCache.ChunksFor(Kernel.MemoryFrames(out ulong frames, out _) == 0 ? frames * 4096 : 0);
            long pages = VirtualMemory.Map((ulong)chunks * PageCache.ChunkSize, VmProtection.Writable);
            if (descriptors < 0 || rings < 0 || pages < 0) return -(int)Errno.ENOMEM;
            PageCache.Start(new MappedTable<byte>((ulong)pages, chunks * PageCache.ChunkSize));
            Descriptors.Table = new DescriptorTable(new MappedTable<ushort>((ulong)descriptors, Processes.Capacity * DescriptorTable.OpenMax), Processes.Capacity);
            Pipes.Start(new MappedTable<byte>((ulong)rings, Pipes.Capacity * Pipes.RingSize));
            if (!ProcessView.Start((ulong)descriptors, MappedTable<ushort>.BytesFor(Processes.Capacity * DescriptorTable.OpenMax))) return -(int)Errno.ENOMEM;
            long root = MountCalls.MountRoot(BootEndpoints.RamFs);
            if (root < 0)
            {
                new ConsoleLine(stackalloc char[80]).Append("vfs: cannot mount / from the RAM file system: ").Append(LinuxErrorNames.Of(root)).Print();
                return -(int)Errno.EIO;
            }
            ProcessEvents.RootVnode = Mounts.At(0).Root;
            // The RAM file system server at "/", named for what it is: not "rootfs", which busybox's
            // df and mount skip as Linux's hidden initramfs root.
            ProcessView.Mounted(0, "ramfs"u8, "ramfs"u8, "/"u8, Mounts.At(0).Device, readOnly: false);
            ProcessEvents.ConsoleVnode = FindConsole();
            return 0;
        }

        // /dev/console, held for good; a vnode of no file system (5:1) when the root lacks it.
        private static int FindConsole()
        {
            "/dev/console"u8.CopyTo(FileServers.PathBuffer);
            var viewer = new FileProcess { RootDirectory = ProcessEvents.RootVnode, WorkingDirectory = ProcessEvents.RootVnode };
            if (PathResolver.Resolve(in viewer, viewer.RootDirectory, FileServers.PathA, 12, FsLookupFlags.FollowLast | FsLookupFlags.Keep, out Resolved found) == 0
                && FileModes.IsCharDevice(found.Mode))
                return Lookups.Hold(in found);
            int vnode = Vnodes.GetAnonymous(FileModes.CharDevice | 0x180, -1, 0);
            if (vnode >= 0) Vnodes.At(vnode).SpecialDevice = DeviceNumbers.Make(Terminals.TtyMajor, 1);
            return vnode;
        }
    }

    // The file systems by IPC: one SENDREC each.
    internal sealed class IpcFileServerLink : IFileServerLink
    {
        public long Exchange(int server, ref Message message) => Syscalls.SendReceive(server, ref message);
    }
}
