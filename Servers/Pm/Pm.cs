using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM, the process manager (MINIX's servers/pm): the process side of the POSIX personality.
    // POSIX processes' process calls reach it as PosixCall messages the kernel sends in their
    // name (PosixDoor); PM answers each with a PosixReply, at once or later (wait4). It starts
    // init, pid 1, once the services are up (PmOptions: pm.init, or the kernel's init=), and as
    // the signal manager of every POSIX process it ends those the kernel signals for a fault.
    internal static class Pm
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new PmEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0 || message.Type != PosixRequests.Call) continue;
                long result = ProcessCalls.Handle(message.Source, in message.Payload<PosixCall>());
                if (result != ProcessCalls.NoReply) Reply(message.Source, result);
            }
        }

        public static void Reply(int process, long result)
        {
            Message reply = default;
            reply.Type = PosixRequests.Reply;
            reply.Payload<PosixReply>().Result = result;
            Sef.Reply(process, ref reply);
        }
    }

    internal sealed class PmEvents : SefService
    {
        public override int InitFresh()
        {
            PmOptions.Load();
            if (PmOptions.Init != PmOptions.NoInit) InitProcess.Start(PmOptions.Init);
            return 0;
        }

        // The kernel's signals for a POSIX process (PM is their signal manager): a fault's ends it.
        public override void ManagedSignals(int endpoint, uint signals)
        {
            if (!PosixProcesses.IsKnown(endpoint)) return;
            for (int signal = 1; signal < Signals.Count; signal++)
            {
                if ((signals & Signals.Bit(signal)) == 0 || !Signals.Terminates(signal)) continue;
                ref PosixProcess process = ref PosixProcesses.OfEndpoint(endpoint);
                Span<char> name = stackalloc char[ServiceLabel.Max];
                new ConsoleLine(stackalloc char[96]).Append("pm: ").Append(name.Slice(0, process.Name.CopyTo(name))).Append(" (pid ")
                    .Append((ulong)process.Pid).Append(") killed by signal ").Append((ulong)signal).Print();
                ProcessExit.Exit(Lunix.Abi.Endpoint.SlotOf(endpoint), signal);
                return;
            }
        }
    }
}
