using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // The services RS starts and manages, and every change of their state: loading, initialisation
    // with a timeout, heartbeats, crash and restart with backoff, taking a service down. RS never
    // blocks on a service: it sends with SENDA and NOTIFY and learns of every outcome by a message,
    // an alarm or a signal. Its configuration is the image's service table (the boot module
    // "services", generated from manifest.toml: MINIX's system.conf); a record exists for each
    // service once started.
    internal static class ServiceTable
    {
        public const int Capacity = 64;
        public const ulong InitTimeoutTicks = 100;
        private static readonly ServiceLabel TableModule = ServiceLabel.From("services");

        private static readonly ServiceConfig[] s_configs = new ServiceConfig[Capacity];
        private static int s_configCount;
        private static readonly ServiceRecord[] s_services = new ServiceRecord[Capacity];
        private static int s_count;

        public static int Count => s_count;
        public static ref ServiceRecord At(int index) => ref s_services[index];

        public static int ConfigCount => s_configCount;
        public static ref readonly ServiceConfig ConfigAt(int index) => ref s_configs[index];

        // RS's update of itself: the table the old version hands over, and the new one's copy of it.
        public static ReadOnlySpan<ServiceRecord> Records => new ReadOnlySpan<ServiceRecord>(s_services, 0, s_count);

        public static void Adopt(ReadOnlySpan<ServiceRecord> records)
        {
            records.CopyTo(s_services);
            s_count = records.Length;
        }

        // The image's service table, from the kernel (GETINFO BootModule); a service table that is
        // missing or not this RS's format stops the system: RS can start nothing without it.
        public static void LoadConfigs()
        {
            Span<byte> image = stackalloc byte[ServiceTableHeader.SizeFor(Capacity)];
            long length = Kernel.BootModule(TableModule, image);
            if (length < 0 || ServiceTableHeader.Read(image.Slice(0, (int)length), Capacity, out ReadOnlySpan<ServiceConfig> entries) != 0)
            {
                Kernel.Abort("rs: the image has no service table RS can read (boot module 'services')");
                return;
            }
            entries.CopyTo(s_configs);
            s_configCount = entries.Length;
        }

        public static int FindConfig(ServiceLabel label)
        {
            for (int i = 0; i < s_configCount; i++)
                if (s_configs[i].Label.Equals(label)) return i;
            return -1;
        }

        // At boot, in table order: a program the kernel holds is let run, one RS loads is loaded;
        // a managed one is then initialised, and the caller waits for it before the next.
        // Services started on request wait for their request. Returns the record, or -1.
        public static int StartAtBoot(int config, ulong now)
        {
            ref readonly ServiceConfig entry = ref s_configs[config];
            if (entry.Start == ServiceStart.Request) return -1;
            if (entry.Start == ServiceStart.Boot) return Start(config, Endpoint.None, now) < 0 ? -1 : s_count - 1;
            long allowed = Syscalls.KernelCall(KernelCalls.PrivCtl, entry.Slot, PrivCtlRequests.Allow);
            if (allowed != 0)
            {
                ReportLabel(entry.Label, "could not be let run: error", (ulong)-allowed);
                return -1;
            }
            int index = AddRecord(config, entry.Slot);
            if ((entry.Flags & ServiceFlags.Managed) != 0) SendInit(index, InitKind.Fresh, now);
            return index;
        }

        // Loads a service RS starts itself (LOADPROGRAM) and, when it is managed, initialises it:
        // the requester is answered once it is up (Endpoint.None returned), else at once with its
        // endpoint or the kernel's error.
        public static long Start(int config, int requester, ulong now)
        {
            ref readonly ServiceConfig entry = ref s_configs[config];
            var request = new ProgramLoadRequest
            {
                Module = entry.Module, Name = entry.Label, Slot = entry.Slot, Priority = entry.Priority,
                Flags = (entry.Flags & ServiceFlags.Daemon) != 0 ? ProgramLoadFlags.Daemon : ProgramLoadFlags.None, Privileges = entry.Privileges,
            };
            long endpoint = Kernel.LoadProgram(in request);
            if (endpoint < 0)
            {
                ReportLabel(entry.Label, "could not be loaded: error", (ulong)-endpoint);
                return endpoint;
            }
            int index = AddRecord(config, (int)endpoint);
            if ((entry.Flags & ServiceFlags.Managed) == 0) return endpoint;
            s_services[index].Requester = requester;
            SendInit(index, InitKind.Fresh, now);
            return Endpoint.None;
        }

        // A client that may ask RS to start services (the test runner): a service RS started
        // whose entry has ServiceFlags.Control.
        public static bool IsController(int endpoint)
        {
            int index = FindByEndpoint(endpoint);
            return index >= 0 && (s_services[index].Flags & ServiceFlags.Control) != 0;
        }

        private static int AddRecord(int config, int endpoint)
        {
            ref readonly ServiceConfig entry = ref s_configs[config];
            ref ServiceRecord service = ref s_services[s_count];
            service = default;
            service.Label = entry.Label;
            service.Endpoint = endpoint;
            service.Flags = entry.Flags;
            service.PingTicks = entry.PingTicks;
            service.Requester = Endpoint.None;
            service.State = ServiceState.Up;
            return s_count++;
        }

        public static int FindByEndpoint(int endpoint)
        {
            for (int i = 0; i < s_count; i++)
                if (s_services[i].Endpoint == endpoint) return i;
            return -1;
        }

        public static int FindByLabel(ServiceLabel label)
        {
            for (int i = 0; i < s_count; i++)
                if (s_services[i].Label.Equals(label)) return i;
            return -1;
        }

        // previous, stateGrant and fault: a live update's old version, the grant of the state it
        // offered, and what the new version is to do wrong (tests).
        public static void SendInit(int index, InitKind kind, ulong now, int previous = Lunix.Abi.Endpoint.None, int stateGrant = -1,
                                    InitFault fault = InitFault.None)
        {
            ref ServiceRecord service = ref s_services[index];
            Message init = default;
            init.Type = SefMessages.Init;
            init.Payload<SefInit>() = new SefInit { Kind = kind, Previous = previous, Label = service.Label, StateGrant = stateGrant, Fault = fault };
            // Its label names its (new) endpoint in DS before it starts, so that what it publishes
            // in its initialisation (a driver's "up" event) is already its own.
            if (service.Endpoint != BootEndpoints.Ds) PublishLabel(index);
            service.State = ServiceState.Starting;
            service.Starting = kind;
            service.Deadline = now + InitTimeoutTicks;
            if (AsyncSend.Send(service.Endpoint, init) != 0) TakeDown(index, "cannot be sent its initialisation");
        }

        public static void InitDone(int index, long result, ulong now)
        {
            ref ServiceRecord service = ref s_services[index];
            if (service.State != ServiceState.Starting) return;
            if (service.Starting == InitKind.LiveUpdate)
            {
                if (result == 0) LiveUpdate.Finish(index, now);
                else LiveUpdate.RollBack(index, "new version failed its initialisation; rolled back, error", result, now);
                return;
            }
            if (result != 0)
            {
                Report(index, "failed its initialisation: taken down", (ulong)-result);
                TakeDown(index, null);
                return;
            }
            MarkUp(ref service, now);
            if (service.Starting == InitKind.Restart) Report(index, "is up again, restart", (ulong)service.Restarts);
            // A fresh DS knows nothing: every label is published (again), its own included.
            if (service.Endpoint == BootEndpoints.Ds)
                for (int i = 0; i < s_count; i++)
                    if (s_services[i].IsManaged && s_services[i].State != ServiceState.Down) PublishLabel(i);
            AnswerRequester(ref service, service.Endpoint);
        }

        // Serving: pinged from now on.
        public static void MarkUp(ref ServiceRecord service, ulong now)
        {
            service.State = ServiceState.Up;
            service.NextPing = now + (ulong)service.PingTicks;
            service.PingAnswered = true;
        }

        // A termination signal from the kernel: the service crashed (or was killed).
        public static void Crashed(int index, ulong now)
        {
            ref ServiceRecord service = ref s_services[index];
            if (service.State == ServiceState.Down) return;
            if (service.State == ServiceState.Starting && service.Starting == InitKind.LiveUpdate)
            {
                LiveUpdate.RollBack(index, "new version crashed in its initialisation; rolled back", -(int)Errno.EDEADSRCDST, now);
                return;
            }
            if (service.State == ServiceState.Preparing) LiveUpdate.Abandon(index, "crashed while preparing its live update; update abandoned", -(int)Errno.EDEADSRCDST, now);
            service.Crashes++;
            ulong delay = Backoff.AfterCrash(ref service, now);
            if (delay == 0)
            {
                Restart(index, now);
                return;
            }
            Report(index, "crashed again soon after its restart; backoff ticks:", delay);
            service.State = ServiceState.Waiting;
            service.Deadline = now + delay;
        }

        public static void Restart(int index, ulong now)
        {
            ref ServiceRecord service = ref s_services[index];
            long endpoint = Syscalls.KernelCall(KernelCalls.Restart, service.Endpoint, service.KeepsEndpoint ? 1 : 0);
            if (endpoint < 0)
            {
                Report(index, "cannot be restarted: taken down, error", (ulong)-endpoint);
                AnswerRequester(ref service, endpoint);
                DownForGood(index);
                return;
            }
            service.Endpoint = (int)endpoint;
            service.Restarts++;
            service.LastRestart = now;
            SendInit(index, InitKind.Restart, now);
        }

        // The clock: init timeouts, delayed restarts and heartbeats that are due.
        public static void Tick(ulong now)
        {
            for (int i = 0; i < s_count; i++)
            {
                ref ServiceRecord service = ref s_services[i];
                if (service.State == ServiceState.Starting && service.Starting == InitKind.LiveUpdate && now >= service.Deadline)
                    LiveUpdate.RollBack(i, "new version did not initialise in time; rolled back", -(int)Errno.ETIMEDOUT, now);
                else if (service.State == ServiceState.Preparing && now >= service.Deadline)
                    LiveUpdate.Abandon(i, "did not prepare its live update in time; update abandoned", -(int)Errno.ETIMEDOUT, now);
                else if (service.State == ServiceState.Starting && now >= service.Deadline)
                {
                    Report(i, "did not initialise in time", InitTimeoutTicks);
                    if (service.Starting == InitKind.Fresh) TakeDown(i, null);
                    else Crashed(i, now);
                }
                else if (service.State == ServiceState.Waiting && now >= service.Deadline)
                    Restart(i, now);
                else if (service.State == ServiceState.Up && service.PingTicks > 0 && now >= service.NextPing)
                    Ping(i, now);
            }
        }

        public static void PingAnswered(int index) => s_services[index].PingAnswered = true;

        // A heartbeat: a service that has not answered the last ping by the next one is hung.
        private static void Ping(int index, ulong now)
        {
            ref ServiceRecord service = ref s_services[index];
            if (!service.PingAnswered)
            {
                Report(index, "did not answer its ping: restarting", 0);
                Crashed(index, now);
                return;
            }
            service.PingAnswered = false;
            service.NextPing = now + (ulong)service.PingTicks;
            Syscalls.Notify(service.Endpoint);
        }

        // The tick by which RS must look again, 0 when nothing is due.
        public static ulong NextDeadline()
        {
            ulong next = ulong.MaxValue;
            for (int i = 0; i < s_count; i++)
            {
                ref ServiceRecord service = ref s_services[i];
                ulong due = service.State switch
                {
                    ServiceState.Starting or ServiceState.Waiting or ServiceState.Preparing => service.Deadline,
                    ServiceState.Up when service.PingTicks > 0 => service.NextPing,
                    _ => ulong.MaxValue,
                };
                if (due < next) next = due;
            }
            return next == ulong.MaxValue ? 0 : next;
        }

        private static void TakeDown(int index, string why)
        {
            ref ServiceRecord service = ref s_services[index];
            if (why != null) Report(index, why, 0);
            Syscalls.KernelCall(KernelCalls.Clear, service.Endpoint);
            AnswerRequester(ref service, -(int)Errno.EDEADSRCDST);
            DownForGood(index);
        }

        // A service RS gave up on. The system cannot go on without a critical one (DS, VM): RS
        // stops it with a kernel panic, as MINIX's RS does.
        private static void DownForGood(int index)
        {
            ref ServiceRecord service = ref s_services[index];
            service.State = ServiceState.Down;
            if ((service.Flags & ServiceFlags.Critical) == 0) return;
            Span<char> label = stackalloc char[ServiceLabel.Max];
            int length = service.Label.CopyTo(label);
            var reason = new ConsoleLine(stackalloc char[96]).Append("rs: critical service ").Append(label.Slice(0, length)).Append(" is down and cannot be brought back");
            Kernel.Abort(reason.Text);
        }

        // The reply to a Restart or Update request, now that it is done.
        public static void AnswerRequester(ref ServiceRecord service, long result)
        {
            int requester = service.Requester;
            if (requester == Endpoint.None) return;
            service.Requester = Endpoint.None;
            Answer(requester, result);
        }

        // A reply that comes after the request was received; RS itself asked for the requests of
        // the rs.do option.
        public static void Answer(int requester, long result)
        {
            if (requester == BootEndpoints.Rs)
            {
                CommandLineQueue.Answered(result);
                return;
            }
            if (ServiceCommand.AnswerLater(requester, result)) return;
            Message reply = default;
            reply.Type = RsRequests.Reply;
            reply.Payload<RsReply>().Result = result;
            Syscalls.SendNonBlocking(requester, reply);
        }

        // label -> endpoint in DS, sent without waiting (SENDA): RS never blocks on DS, and DS's
        // answer, which RS is not waiting for, is dropped.
        private static void PublishLabel(int index)
        {
            ref ServiceRecord service = ref s_services[index];
            Span<char> label = stackalloc char[ServiceLabel.Max];
            int length = service.Label.CopyTo(label);
            if (DataStore.Prepare(out Message publish, DsRequests.Publish, label.Slice(0, length), DsFlags.Label | DsFlags.Overwrite) != 0) return;
            publish.Payload<DsRequest>().Endpoint = service.Endpoint;
            AsyncSend.Send(BootEndpoints.Ds, publish);
        }

        // "rs: <label> <what> <number>" on the console (the number left out when 0).
        public static void Report(int index, string what, ulong number) => ReportLabel(s_services[index].Label, what, number);

        public static void ReportLabel(ServiceLabel service, string what, ulong number)
        {
            Span<char> label = stackalloc char[ServiceLabel.Max];
            int length = service.CopyTo(label);
            var line = new ConsoleLine(stackalloc char[128]).Append("rs: ").Append(label.Slice(0, length)).Append(" ").Append(what);
            if (number != 0) line = line.Append(" ").Append(number);
            line.Print();
        }
    }
}
