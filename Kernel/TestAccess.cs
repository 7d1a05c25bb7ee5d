// The test kernel's ring-0 suites (tests/InGuest/Kernel) check the kernel's internals directly.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Lunix.Tests.KernelSuites")]
