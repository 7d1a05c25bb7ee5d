namespace Lunix.Tests.InGuest.Runner
{
    // One in-guest suite: its name (kernel option suite=NAME), whether the test kernel runs it
    // itself, and the labels of the programs RS starts for it, in start order.
    internal readonly struct Suite
    {
        public readonly string Name;
        public readonly bool Kernel;
        public readonly string[] Programs;

        public Suite(string name, bool kernel, string[] programs)
        {
            Name = name;
            Kernel = kernel;
            Programs = programs;
        }
    }

    // Every suite of the manifest (the other part of this class is generated from it).
    internal static partial class SuiteTable
    {
        public static readonly Suite[] All = Create();
    }
}
