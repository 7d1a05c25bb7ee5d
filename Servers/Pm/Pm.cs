using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM, the process manager (MINIX's servers/pm): the process side of the POSIX personality.
    // POSIX processes' process calls reach it as PosixCall messages the kernel sends in their
    // name (PosixDoor); PM answers each with a PosixReply, at once or later (a held call). VFS
    // and the terminal driver send it signals for processes (PmRequests.Signal, by SENDA); the
    // kernel's alarm tells it a process's timer is due; as the signal manager of every POSIX
    // process it gets their faults and the kernel's word on processes it stopped (GETKSIG). It
    // starts init, pid 1, once the services are up (PmOptions: pm.init, or the kernel's init=).
    internal static class Pm
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new PmEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Type == PosixRequests.Call) Call(message.Source, in message.Payload<PosixCall>());
                else if (message.Type == PmRequests.Signal) Kill.FromServer(message.Source, in message.Payload<PmSignal>());
                else if (message.Type == Message.NotifyMessage && message.Source == BootEndpoints.Kernel) PmAlarm.Expired();
                if (ProcessTimers.Changed) PmAlarm.Rearm();
            }
        }

        // A process's call: while PM handles it, signals for the process wait for the answer,
        // which they then go with (HeldCalls.Finish); a call PM holds may be interrupted at once.
        private static void Call(int endpoint, in PosixCall call)
        {
            int record = PosixProcesses.OfEndpoint(endpoint);
            if (record == PosixProcesses.None)
            {
                Reply(endpoint, -(long)LinuxErrno.EPERM);
                return;
            }
            ref PosixProcess process = ref PosixProcesses.At(record);
            process.Held = HeldCall.Handling;
            long result = ProcessCalls.Handle(record, in call);
            if (!process.IsAlive || process.Endpoint != endpoint) return;
            if (TerminalFlags.MayChange(call.Number)) TerminalFlags.TellIfChanged(record);
            if (result != ProcessCalls.NoReply)
            {
                HeldCalls.Finish(record, result);
                return;
            }
            if (process.Held == HeldCall.Handling) process.Held = HeldCall.None;
            Signals.Deliver(record);
        }

        public static void Reply(int process, long result)
        {
            Message reply = default;
            reply.Type = PosixRequests.Reply;
            reply.Payload<PosixReply>().Result = result;
            Sef.Reply(process, ref reply);
        }
    }

    internal sealed class PmEvents : MemoryStateService
    {
        public override int InitFresh()
        {
            PmClock.Start();
            Entropy.Start();
            PmOptions.Load();
            if (PmOptions.Init != PmOptions.NoInit) InitProcess.Start(PmOptions.Init);
            return 0;
        }

        // The kernel's news of POSIX processes (PM is their signal manager): faults, the answer
        // to a call of a process PM stopped (Signals.CallAnswered), and signals raised by KILL.
        public override void ManagedSignals(int endpoint, uint signals)
        {
            int record = PosixProcesses.OfEndpoint(endpoint);
            if (record == PosixProcesses.None) return;
            const uint Faults = (1u << LinuxSignals.SIGSEGV) | (1u << LinuxSignals.SIGBUS) | (1u << LinuxSignals.SIGILL)
                                | (1u << LinuxSignals.SIGFPE) | (1u << LinuxSignals.SIGTRAP);
            for (int signal = 1; signal < Abi.Signals.Count; signal++)
                if ((signals & Faults & Abi.Signals.Bit(signal)) != 0) Signals.Fault(record, signal);
            if ((signals & Abi.Signals.Bit(Abi.Signals.CallAnswered)) != 0) Signals.CallAnswered(record);
            for (int signal = 1; signal < Abi.Signals.Count; signal++)
                if ((signals & ~Faults & Abi.Signals.Bit(signal)) != 0) Signals.Raise(record, SignalInfo.FromKernel(signal));
            if (ProcessTimers.Changed) PmAlarm.Rearm();
        }
    }
}
