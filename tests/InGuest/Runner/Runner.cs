using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.Runner
{
    // The test image's in-guest test runner. RS starts it at boot, most urgent; it reads the
    // kernel option suite=NAME and asks RS to start that suite's programs, one after the other in
    // the manifest's order (a managed one is initialised before the next starts), then exits: the
    // suite's programs print its TAP lines, and `poweroff` waits for the ones that end. With
    // `bench` and no suite it starts the ipc suite, whose ping measures the IPC figures. The test
    // kernel runs its own suites (corelib, memory) before any program runs. An unknown name is
    // reported with the valid ones.
    internal static class Runner
    {
        private const string BenchSuite = "ipc";

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            BootParameters parameters = Kernel.BootParameters();
            Span<char> name = stackalloc char[ServiceLabel.Max];
            int length = parameters.Suite.CopyTo(name);
            if (length == 0 && (parameters.Flags & BootParameterFlags.Bench) != 0) length = Copy(BenchSuite, name);
            if (length == 0) return 0;
            ReadOnlySpan<char> wanted = name.Slice(0, length);
            foreach (Suite suite in SuiteTable.All)
            {
                if (!wanted.SequenceEqual(suite.Name)) continue;
                int failed = 0;
                foreach (string program in suite.Programs) failed += Start(wanted, program);
                return failed;
            }
            ReportUnknown(wanted);
            return 1;
        }

        // Asks RS to start one program; 1 when RS refused (a service whose initialisation fails
        // on purpose is refused too: its suite checks what RS reported).
        private static int Start(ReadOnlySpan<char> suite, string program)
        {
            long result = ReincarnationServer.Start(program);
            if (result >= 0) return 0;
            new ConsoleLine(stackalloc char[128]).Append("testrunner: ").Append(suite).Append(": RS did not start ").Append(program)
                .Append(": error ").Append((ulong)-result).Print();
            return 1;
        }

        private static void ReportUnknown(ReadOnlySpan<char> wanted)
        {
            var line = new ConsoleLine(stackalloc char[256]).Append("testrunner: unknown suite '").Append(wanted).Append("'; suites:");
            foreach (Suite suite in SuiteTable.All) line = line.Append(" ").Append(suite.Name);
            line.Print();
        }

        private static int Copy(string text, Span<char> into)
        {
            text.AsSpan().CopyTo(into);
            return text.Length;
        }
    }
}
