// The Lunix Boot tool. Building this project builds the ISO (Boot.csproj's BuildIso target);
// running it boots that ISO. Each subcommand lives in its own *Command class.
using Lunix.Boot;

const string usage =
    "usage: dotnet run --project Boot -- <command> [options]\n" +
    "commands:\n" +
    "  run [options]   boot iso/lunix.iso (or --image test) in QEMU (run --help for the options)\n" +
    "  bench [options] boot the test image (or, --linux, the Linux peer) under -icount shift=0 and print the BENCH figures (bench --help)\n" +
    "  test <suite>    boot the test image in an in-guest suite's test mode and print its TAP lines (test --help)";

if (args.Length == 0)
{
    Console.Error.WriteLine(usage);
    return BootExitStatus.Usage;
}
if (args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(usage);
    return 0;
}

var rest = args[1..];
switch (args[0])
{
    case "run" when rest is ["-h" or "--help"]:
        Console.WriteLine(RunOptions.Usage);
        return 0;
    case "run":
        return await RunCommand.ExecuteAsync(rest);
    case "bench" when rest is ["-h" or "--help"]:
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    case "bench":
        return await BenchCommand.ExecuteAsync(rest);
    case "test" when rest is ["-h" or "--help"]:
        Console.WriteLine(TestOptions.Usage);
        return 0;
    case "test":
        return await TestCommand.ExecuteAsync(rest);
    default:
        Console.Error.WriteLine($"lunix-boot: unknown command '{args[0]}'");
        Console.Error.WriteLine(usage);
        return BootExitStatus.Usage;
}
