using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // The reincarnation server (MINIX's RS). It initialises the boot image's services one by one
    // in table order, each with SEF's synchronous Init protocol and a timeout; then it pings each
    // on its period, and, as the signal manager of every service, learns of each crash from the
    // kernel and restarts the service from the kernel's copy of its program (with backoff when it
    // keeps crashing). Clients ask it to look a service up, restart it, live-update it (RS itself
    // included: SelfUpdate) or inject a fault (Abi/RsRequests.cs).
    internal static class Rs
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            // The boot image's RS starts fresh; the new version of RS's update of itself is
            // initialised by the old one and takes its state over instead (SelfUpdate).
            Sef.StartupSelf(new RsEvents());
            ServiceTable.LoadConfigs();
            RsOptions.Load(Sef.StartedAs != InitKind.LiveUpdate);
            if (Sef.StartedAs == InitKind.LiveUpdate) SelfUpdate.TakeOver();
            else InitialiseServices();
            while (true) Serve();
        }

        private static void InitialiseServices()
        {
            for (int i = 0; i < ServiceTable.ConfigCount; i++)
            {
                if ((ServiceTable.ConfigAt(i).Flags & ServiceFlags.PciDevice) != 0 && !HasDevice(i)) continue;
                int started = ServiceTable.StartAtBoot(i, Kernel.Ticks());
                while (started >= 0 && ServiceTable.At(started).State == ServiceState.Starting) Serve();
            }
            Kernel.Print("rs: all services initialised");
            CommandLineQueue.Load(RsOptions.Requests);
            CommandLineQueue.StartNext();
        }

        // A driver of PCI devices is started only when the PCI server has a device for it.
        private static bool HasDevice(int config)
        {
            DevicePresence.Ask(ServiceTable.ConfigAt(config).Slot, Kernel.Ticks());
            while (DevicePresence.Waiting) Serve();
            if (DevicePresence.Result == 0) return true;
            ServiceTable.ReportLabel(ServiceTable.ConfigAt(config).Label, "not started: no device for it on the PCI bus, error", (ulong)-DevicePresence.Result);
            return false;
        }

        // One message: an alarm, a ping answer, a service's InitDone, or a client's request.
        private static void Serve()
        {
            SetAlarm();
            if (Sef.Receive(out Message message) != 0) return;
            ulong now = Kernel.Ticks();
            int source = message.Source;
            if (message.Type == Message.NotifyMessage)
            {
                if (source == BootEndpoints.Kernel)
                {
                    ServiceTable.Tick(now);
                    DevicePresence.Tick(now);
                }
                else if (ServiceTable.FindByEndpoint(source) is int service and >= 0) ServiceTable.PingAnswered(service);
                return;
            }
            if (message.Type == SefMessages.InitDone || message.Type == SefMessages.LiveUpdateReady)
            {
                int service = ServiceTable.FindByEndpoint(source);
                if (service < 0) return;
                if (message.Type == SefMessages.InitDone) ServiceTable.InitDone(service, message.Payload<SefInitDone>().Result, now);
                else
                {
                    ref SefLiveUpdateReady ready = ref message.Payload<SefLiveUpdateReady>();
                    LiveUpdate.Ready(service, ready.Result, ready.StateGrant, now);
                }
                return;
            }
            if (message.Type == PciRequests.Reply && source == BootEndpoints.Pci)
            {
                DevicePresence.Answered(in message.Payload<PciReply>());
                return;
            }
            // The `service` command's system call, from a POSIX process.
            if (message.Type == PosixRequests.Call)
            {
                ServiceCommand.Handle(source, in message.Payload<PosixCall>(), now);
                return;
            }
            // Only requests get answers: anything else (DS's answer to a label RS published without
            // waiting) is dropped, so that two servers never bounce errors at each other.
            if (message.Type < RsRequests.Lookup || message.Type > RsRequests.Last) return;
            Message reply = default;
            reply.Type = RsRequests.Reply;
            ref RsReply answer = ref reply.Payload<RsReply>();
            answer.Result = Request(ref message, ref reply, now);
            if (answer.Result != Endpoint.None) Syscalls.SendNonBlocking(source, reply);
        }

        // A client's request; the result goes into the reply's Result, Endpoint.None meaning that
        // the reply comes later (Restart: once the service is up again; Update: once done or rolled back).
        public static long Request(ref Message message, ref Message reply, ulong now)
        {
            int type = message.Type, requester = message.Source;
            ref RsRequest request = ref message.Payload<RsRequest>();
            bool self = request.Label.Equals(SelfUpdate.Label);
            // A fault in RS itself, which only the kernel command line may ask for
            // (rs.do=fault:rs:KIND): RS is its own signal manager, so a crash stops the system.
            if (type == RsRequests.FaultInject && requester == BootEndpoints.Rs && self)
            {
                InjectedFaults.Carry(request.Fault);
                return 0;
            }
            // RS updating itself: answered by the new version, or here once rolled back.
            if (type == RsRequests.Update && self) return SelfUpdate.Begin(request.UpdateFault, requester);
            if (self) return AboutItself(type, ref reply.Payload<RsReply>());
            if (type == RsRequests.Start) return Start(request.Label, requester, now);
            int index = ServiceTable.FindByLabel(request.Label);
            if (index < 0) return -(int)Errno.ENOENT;
            ref ServiceRecord service = ref ServiceTable.At(index);
            switch (type)
            {
                case RsRequests.Lookup:
                    return service.Endpoint;
                case RsRequests.Restart:
                    if (service.State is ServiceState.Starting or ServiceState.Preparing || service.Requester != Endpoint.None) return -(int)Errno.EBUSY;
                    service.Requester = requester;
                    ServiceTable.Restart(index, now);
                    return Endpoint.None;
                case RsRequests.FaultInject:
                    Message fault = default;
                    fault.Type = SefMessages.FaultInject;
                    fault.Payload<SefFaultInject>().Kind = request.Fault;
                    return AsyncSend.Send(service.Endpoint, fault);
                case RsRequests.Update:
                    return LiveUpdate.Begin(index, request.UpdateFault, requester, now);
                case RsRequests.Status:
                    ref RsReply status = ref reply.Payload<RsReply>();
                    status.State = service.State;
                    status.Restarts = service.Restarts;
                    status.Crashes = service.Crashes;
                    return service.Endpoint;
                default:
                    return -(int)Errno.EBADREQUEST;
            }
        }

        // A service of the table that starts on request, for a client allowed to ask (the test
        // runner): EPERM for anyone else or a service that starts otherwise, ENOENT for no such
        // service, EBUSY when it runs already. Answered once it runs (managed: once initialised).
        private static long Start(ServiceLabel label, int requester, ulong now)
        {
            if (!ServiceTable.IsController(requester)) return -(int)Errno.EPERM;
            int config = ServiceTable.FindConfig(label);
            if (config < 0) return -(int)Errno.ENOENT;
            if (ServiceTable.ConfigAt(config).Start != ServiceStart.Request) return -(int)Errno.EPERM;
            if (ServiceTable.FindByLabel(label) >= 0) return -(int)Errno.EBUSY;
            return ServiceTable.Start(config, requester, now);
        }

        // RS is in no service record of its own, but answers for itself: it is up at its fixed
        // endpoint and has never been restarted. Nobody could restart it (a crash of RS is a
        // panic), and only the kernel command line may make it fault: EPERM for those requests.
        private static long AboutItself(int type, ref RsReply reply)
        {
            switch (type)
            {
                case RsRequests.Lookup:
                    return BootEndpoints.Rs;
                case RsRequests.Status:
                    reply.State = ServiceState.Up;
                    return BootEndpoints.Rs;
                case RsRequests.Restart:
                case RsRequests.FaultInject:
                    return -(int)Errno.EPERM;
                default:
                    return -(int)Errno.EBADREQUEST;
            }
        }

        private static void SetAlarm()
        {
            ulong due = ServiceTable.NextDeadline(), presence = DevicePresence.Deadline;
            if (due == 0 || (presence != 0 && presence < due)) due = presence;
            if (due == 0) return;
            ulong now = Kernel.Ticks();
            Syscalls.KernelCall(KernelCalls.SetAlarm, due > now ? (long)(due - now) : 1);
        }
    }

    // RS's own system events: it is every service's signal manager.
    internal sealed class RsEvents : SefService
    {
        // The new version of RS's update of itself.
        public override int InitLiveUpdate(int previousEndpoint) => SelfUpdate.TakeState(previousEndpoint);

        public override void ManagedSignals(int endpoint, uint signals)
        {
            int index = ServiceTable.FindByEndpoint(endpoint);
            if (index < 0) return;
            for (int signal = 1; signal < Signals.Count; signal++)
            {
                if ((signals & Signals.Bit(signal)) == 0) continue;
                if (Signals.Terminates(signal))
                {
                    ServiceTable.Report(index, "stopped by signal", (ulong)signal);
                    ServiceTable.Crashed(index, Kernel.Ticks());
                    return;
                }
                Message message = default;
                message.Type = SefMessages.Signal;
                message.Payload<SefSignal>().Number = signal;
                AsyncSend.Send(endpoint, message);
            }
        }
    }
}
