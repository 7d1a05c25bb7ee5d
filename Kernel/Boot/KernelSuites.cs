using System.Runtime.InteropServices;

namespace Lunix.Kernel.Boot
{
    // The in-guest suites that run in ring 0 (suite=NAME): only the test image's kernel has them
    // (tests/InGuest/Kernel). The kernel knows none by name; it asks the image to run the one
    // named, and ring 3's test runner handles every other name.
    internal static unsafe class KernelSuites
    {
        [DllImport("*", EntryPoint = "lunix_run_kernel_suite")]
        private static extern int Run(char* name, int length);

        public static void RunNamed(string name)
        {
            if (name.Length == 0) return;
            fixed (char* text = name) Run(text, name.Length);
        }
    }
}
