using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // The terminals: /dev/tty (5:0), /dev/console (5:1), the virtual consoles /dev/tty0..
    // (4:0..63, the driver's minors TerminalMinors.VirtualConsoles and on), /dev/ttyS0.. (4:64..). They are the
    // terminal driver's, reached through the asynchronous character-driver protocol
    // (Abi/CharDriverRequests.cs: SENDA both ways, requests with an Id, the caller's ids for job
    // control): a read that waits is held here, answered when the driver's reply comes. The
    // driver's framebuffer, /dev/fb0, goes the same way (Framebuffers.cs), with a position.
    //
    // The switch-over: until a driver has registered the label "tty" with the data store (RS
    // publishes each service's label), terminal output goes to the kernel's console as raw text
    // (DIAGCTL) and input is at its end, so programs run as init still print. Driver() looks the
    // label up until it is there; nothing else changes when the driver arrives.
    //
    // A restart of the driver (RS, after a crash) comes as DS's news of "drv.tty", which every
    // character driver publishes at each start (DsRequests' driver-up convention) and VFS
    // subscribes to once it knows the driver: the calls held on the old instance are made again
    // to the new one, and every poll asks it afresh (DriverRestarted).
    public static class Terminals
    {
        public const uint TtyMajor = 5, SerialMajor = 4;
        private const string Label = "tty";
        private const string UpKey = "drv.tty";                 // DsRequests.DriverPrefix + Label
        private static int s_driver = Endpoint.None;
        private static bool s_subscribed;
        private static int s_nextId = 1;
        // What the driver last said is ready on each minor (SelectOperations), and whether a
        // Select with Watch is out for it.
        private static readonly int[] s_ready = new int[256];
        private static readonly bool[] s_watching = new bool[256];

        public static bool Is(uint major, uint minor) => (major == TtyMajor && minor <= 1) || (major == SerialMajor && minor < 256);

        // The minor the driver knows a terminal device by (TerminalMinors).
        public static uint DriverMinor(ulong device)
        {
            uint major = DeviceNumbers.Major(device), minor = DeviceNumbers.Minor(device);
            return major == SerialMajor && minor < TerminalMinors.LinuxVirtualConsoles ? TerminalMinors.VirtualConsoles + minor : minor;
        }

        // The terminal driver's endpoint, or Endpoint.None while there is none.
        public static int Driver()
        {
            if (s_driver != Endpoint.None || DataStore.RetrieveLabel(Label, out int endpoint) != 0) return s_driver;
            s_driver = endpoint;
            if (!s_subscribed)
            {
                int subscribed = DataStore.Subscribe(UpKey);
                s_subscribed = subscribed == 0;
                if (!s_subscribed)
                    new ConsoleLine(stackalloc char[80]).Append("vfs: no news of the terminal driver's restarts, error ").Append((ulong)-subscribed).Print();
            }
            return s_driver;
        }

        // DS's news (a NOTIFY): the keys subscribed to that changed since.
        public static void DataStoreNews()
        {
            Span<char> key = stackalloc char[DsRequests.KeyBytes];
            while (DataStore.Check(key, out int length, out DsFlags flags) == 0)
                if ((flags & DsFlags.Deleted) == 0 && key.Slice(0, length).SequenceEqual(UpKey)) DriverRestarted();
        }

        // The driver started again: what its old instance held is gone. The select watches are
        // forgotten, and every poll runs again, asking the new one. A call held on the old one is
        // made again, as if just made (a read then waits for the next line typed; a write's bytes
        // may go out twice). Its old request is cancelled as well: one still queued in VFS's SENDA
        // table when the old instance ended reaches the new one, and the Cancel, when it comes
        // after it, ends it at once (its answer matches no held call and is dropped).
        private static void DriverRestarted()
        {
            int old = s_driver;
            s_driver = Endpoint.None;
            Driver();
            s_ready.AsSpan().Clear();
            s_watching.AsSpan().Clear();
            for (int i = 0; i < Suspensions.HoldingCount; i++)
            {
                int record = Suspensions.HoldingAt(i);
                ref FileProcess process = ref Processes.At(record);
                if (!process.InUse || process.Held != HeldKinds.Driver || process.DriverEndpoint != old) continue;
                if (process.DriverGrant >= 0) GrantTable.Revoke(process.DriverGrant);
                Cancel(record);
                process.DriverRequest = 0;
                Suspensions.Retry(record);
            }
            Suspensions.Wake(-1);
        }

        public static long Open(int record, uint minor, int flags)
        {
            int driver = Driver();
            if (driver == Endpoint.None) return 0;
            Message message = default;
            message.Type = CharDriverRequests.Open;
            ref CharDriverOpenClose open = ref message.Payload<CharDriverOpenClose>();
            open.Minor = (int)minor;
            open.Id = 0;                                        // no one waits for this answer
            open.Flags = (flags & OpenFlags.NoControllingTerminal) != 0 ? CharDriverFlags.NoControllingTerminal : 0;
            open.Caller = CallerOf(record);
            return AsyncSend.Send(driver, in message) == 0 ? 0 : -EIO;
        }

        public static void Close(uint minor)
        {
            int driver = Driver();
            if (driver == Endpoint.None) return;
            Message message = default;
            message.Type = CharDriverRequests.Close;
            message.Payload<CharDriverOpenClose>().Minor = (int)minor;
            AsyncSend.Send(driver, in message);
        }

        // A session leader's exit: the driver frees the terminal its session controlled. The
        // answer matches no held call and is dropped.
        public static void SessionEnded(int record)
        {
            int driver = Driver();
            if (driver == Endpoint.None) return;
            Message message = default;
            message.Type = CharDriverRequests.SessionEnded;
            ref CharDriverOpenClose request = ref message.Payload<CharDriverOpenClose>();
            request.Minor = TerminalMinors.Controlling;
            request.Id = s_nextId++;
            request.Caller = CallerOf(record);
            AsyncSend.Send(driver, in message);
        }

        // `position` on the device (the framebuffer's; a terminal has none); `file`: the open
        // file description whose position moves by the answer's count (-1: none).
        public static long Transfer(int record, uint minor, ulong buffer, ulong count, bool write, int flags, ulong position = 0, int file = -1)
        {
            int driver = Driver();
            if (driver == Endpoint.None) return write ? ConsoleWrite(record, buffer, count) : 0;
            if (count == 0) return 0;
            ref FileProcess process = ref Processes.At(record);
            int grant = GrantTable.GrantMagic(driver, process.Endpoint, buffer, count, write ? GrantFlags.Read : GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            Message message = default;
            message.Type = write ? CharDriverRequests.Write : CharDriverRequests.Read;
            ref CharDriverReadWrite request = ref message.Payload<CharDriverReadWrite>();
            request.Minor = (int)minor;
            request.Grant = grant;
            request.Position = position;
            request.Length = count;
            request.Id = s_nextId++;
            request.Flags = (flags & OpenFlags.NonBlocking) != 0 ? CharDriverFlags.NonBlocking : 0;
            request.Caller = CallerOf(record);
            return Send(record, driver, ref message, request.Id, grant, file);
        }

        // A terminal ioctl, forwarded with a grant of its argument's bytes (Size says how many).
        public static long Ioctl(int record, uint minor, uint command, ulong argument)
        {
            int driver = Driver();
            if (driver == Endpoint.None) return command == Ioctls.Fionread ? ZeroCount(record, argument) : -ENOTTY;
            ref FileProcess process = ref Processes.At(record);
            // The argument's bytes by the driver's own table (TIOCGSID and TIOCOUTQ included); a
            // request it does not know gets no grant, and ENOTTY from it.
            int size = minor == TerminalMinors.Framebuffer ? LinuxFramebuffer.ArgumentBytes(command, out _, out _) : LinuxIoctls.ArgumentBytes(command, out _);
            int grant = -1;
            if (size > 0)
            {
                grant = GrantTable.GrantMagic(driver, process.Endpoint, argument, (ulong)size, GrantFlags.Read | GrantFlags.Write);
                if (grant < 0) return -ENOMEM;
            }
            Message message = default;
            message.Type = CharDriverRequests.Ioctl;
            ref CharDriverIoctl request = ref message.Payload<CharDriverIoctl>();
            request.Minor = (int)minor;
            request.Grant = grant;
            request.Request = command;
            request.Argument = argument;
            request.Id = s_nextId++;
            request.Caller = CallerOf(record);
            return Send(record, driver, ref message, request.Id, grant);
        }

        // poll's view of a terminal: before the driver, always ready; with it, what it last said,
        // and a Select with Watch sent for what is not ready yet (SelectReady then wakes polls).
        public static short Events(uint minor, int flags)
        {
            int access = flags & OpenFlags.AccessMode;
            int wanted = (access != OpenFlags.WriteOnly ? SelectOperations.Read : 0) | (access != OpenFlags.ReadOnly ? SelectOperations.Write : 0);
            int driver = Driver();
            int ready = driver == Endpoint.None ? wanted : s_ready[minor & 255] & wanted;
            if (ready != wanted && !s_watching[minor & 255])
            {
                Message message = default;
                message.Type = CharDriverRequests.Select;
                ref CharDriverSelect select = ref message.Payload<CharDriverSelect>();
                select.Minor = (int)minor;
                select.Operations = wanted & ~ready;
                select.Watch = 1;
                if (AsyncSend.Send(driver, in message) == 0) s_watching[minor & 255] = true;
            }
            short events = 0;
            if ((ready & SelectOperations.Read) != 0) events |= PollEvents.In | PollEvents.ReadNormal;
            if ((ready & SelectOperations.Write) != 0) events |= PollEvents.Out | PollEvents.WriteNormal;
            return events;
        }

        // SelectReady: operations ready on a minor now.
        public static void SelectReady(in CharDriverSelect ready)
        {
            s_ready[ready.Minor & 255] |= ready.Operations;
            s_watching[ready.Minor & 255] = false;
            Suspensions.Wake(-1);
        }

        // The driver's answer to a held request: the process gets its result. An answer no
        // request waits for (Id 0) is an Open's, or a Select's: its Result the operations ready.
        public static void Reply(in CharDriverReply reply)
        {
            if (reply.Id == 0)
            {
                if (reply.Result > 0)
                {
                    s_ready[reply.Minor & 255] |= (int)reply.Result;
                    s_watching[reply.Minor & 255] = false;
                    Suspensions.Wake(-1);
                }
                return;
            }
            for (int i = 0; i < Suspensions.HoldingCount; i++)
            {
                ref FileProcess process = ref Processes.At(Suspensions.HoldingAt(i));
                if (!process.InUse || process.Held != HeldKinds.Driver || process.DriverRequest != reply.Id) continue;
                if (process.DriverGrant >= 0) GrantTable.Revoke(process.DriverGrant);
                if (process.Call.Number == LinuxCalls.Read || process.Call.Number == LinuxCalls.Readv) s_ready[reply.Minor & 255] &= ~SelectOperations.Read;
                if (process.DriverFile >= 0 && reply.Result > 0) OpenFiles.At(process.DriverFile).Position += reply.Result;
                process.Held = HeldKinds.None;
                process.DriverRequest = 0;
                PosixCalls.Answer(process.Endpoint, reply.Result);
                return;
            }
        }

        // A signal for a process waiting on the driver: it answers the request at once.
        public static void Cancel(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            Message message = default;
            message.Type = CharDriverRequests.Cancel;
            message.Payload<CharDriverCancel>().Id = process.DriverRequest;
            AsyncSend.Send(process.DriverEndpoint, in message);
        }

        private static long Send(int record, int driver, ref Message message, int id, int grant, int file = -1)
        {
            if (AsyncSend.Send(driver, in message) != 0)
            {
                if (grant >= 0) GrantTable.Revoke(grant);
                return -EIO;
            }
            ref FileProcess process = ref Processes.At(record);
            process.DriverRequest = id;
            process.DriverGrant = grant;
            process.DriverEndpoint = driver;
            process.DriverFile = file;
            return Suspensions.Hold(record, HeldKinds.Driver, -1);
        }

        private static CharDriverCaller CallerOf(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            return new CharDriverCaller
            {
                Process = process.Endpoint, Pid = process.Pid, ProcessGroup = process.ProcessGroup, Session = process.Session, Flags = process.CallerFlags,
            };
        }

        private static long ZeroCount(int record, ulong argument)
        {
            Span<byte> zero = stackalloc byte[4];
            zero.Clear();
            return new ProcessSlice<Writable>(Processes.At(record).Endpoint, argument, 4).CopyFrom(zero) == 0 ? 0 : -EFAULT;
        }

        // Bytes of VFS's own to the console before the driver (sendfile): the count.
        public static unsafe long ConsoleWrite(ReadOnlySpan<byte> bytes)
        {
            for (int done = 0; done < bytes.Length; done += Kernel.PrintMax)
            {
                int size = Math.Min(Kernel.PrintMax, bytes.Length - done);
                fixed (byte* chunk = bytes.Slice(done)) Syscalls.KernelCall(KernelCalls.DiagCtl, (long)chunk, size, DiagCtlFlags.Raw);
            }
            return bytes.Length;
        }

        // The console before the driver: the kernel's console, raw, a chunk at a time.
        private static unsafe long ConsoleWrite(int record, ulong buffer, ulong length)
        {
            const int Chunk = Kernel.PrintMax;
            byte* chunk = stackalloc byte[Chunk];
            int endpoint = Processes.At(record).Endpoint;
            for (ulong done = 0; done < length;)
            {
                int size = (int)Math.Min((ulong)Chunk, length - done);
                if (new ProcessSlice<Readable>(endpoint, buffer + done, (ulong)size).CopyTo(new Span<byte>(chunk, size)) != 0)
                    return done > 0 ? (long)done : -EFAULT;
                Syscalls.KernelCall(KernelCalls.DiagCtl, (long)chunk, size, DiagCtlFlags.Raw);
                done += (ulong)size;
            }
            return (long)length;
        }
    }

    // Character devices by number: the memory devices here, the terminals and the framebuffer
    // through their driver.
    public static class CharDevices
    {
        public static bool IsTerminal(ulong device) => Terminals.Is(DeviceNumbers.Major(device), DeviceNumbers.Minor(device));

        public static bool IsFramebuffer(ulong device) => Framebuffers.Is(DeviceNumbers.Major(device), DeviceNumbers.Minor(device));

        public static long Open(int record, ulong device, int flags)
        {
            uint major = DeviceNumbers.Major(device), minor = DeviceNumbers.Minor(device);
            if (major == MemoryDevices.Major) return MemoryDevices.Has(minor) ? 0 : -ENXIO;
            if (Framebuffers.Is(major, minor)) return Framebuffers.Open();
            if (Terminals.Is(major, minor)) return Terminals.Open(record, Terminals.DriverMinor(device), flags);
            return -ENXIO;
        }

        public static void Close(ulong device)
        {
            if (IsTerminal(device)) Terminals.Close(Terminals.DriverMinor(device));
        }

        // `position` and `file` matter to a seekable device only (the framebuffer).
        public static long Transfer(int record, ulong device, ulong buffer, ulong count, bool write, int flags, long position, int file)
        {
            uint major = DeviceNumbers.Major(device), minor = DeviceNumbers.Minor(device);
            if (Framebuffers.Is(major, minor)) return Framebuffers.Transfer(record, buffer, count, write, flags, position, file);
            if (major == MemoryDevices.Major && MemoryDevices.Has(minor)) return MemoryDevices.Transfer(record, minor, buffer, count, write);
            if (Terminals.Is(major, minor)) return Terminals.Transfer(record, Terminals.DriverMinor(device), buffer, count, write, flags);
            return -ENXIO;
        }

        // poll's view: memory devices are always ready; terminals say.
        public static short Events(ulong device, int flags)
        {
            if (IsTerminal(device)) return Terminals.Events(Terminals.DriverMinor(device), flags);
            int access = flags & OpenFlags.AccessMode;
            short events = 0;
            if (access != OpenFlags.WriteOnly) events |= PollEvents.In | PollEvents.ReadNormal;
            if (access != OpenFlags.ReadOnly) events |= PollEvents.Out | PollEvents.WriteNormal;
            return events;
        }

        public static void Cancel(int record) => Terminals.Cancel(record);
    }
}
