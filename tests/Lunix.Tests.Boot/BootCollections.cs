namespace Lunix.Tests.Boot;

// xunit runs the tests of one collection one after another and different collections in
// parallel, so the boot tests are spread over several collections; QemuFixture's semaphore
// still keeps it to two QEMUs at a time.

[CollectionDefinition(Name)]
public sealed class BiosBootCollection : ICollectionFixture<QemuFixture> { public const string Name = "BIOS boots"; }

[CollectionDefinition(Name)]
public sealed class UefiBootCollection : ICollectionFixture<QemuFixture> { public const string Name = "UEFI boots"; }

[CollectionDefinition(Name)]
public sealed class CrashReportCollection : ICollectionFixture<QemuFixture> { public const string Name = "Crash reports"; }

// The fault-injection campaign runs for a minute or more: in a collection of its own it runs
// beside the others instead of after them.
[CollectionDefinition(Name)]
public sealed class FaultInjectionCollection : ICollectionFixture<QemuFixture> { public const string Name = "Fault injection"; }

[CollectionDefinition(Name)]
public sealed class PosixCollection : ICollectionFixture<QemuFixture> { public const string Name = "POSIX"; }

// The Linux peer (Debian's kernel running posixbench): its own collection, so it runs beside the
// Lunix boots, still within the two-QEMU limit.
[CollectionDefinition(Name)]
public sealed class LinuxPeerCollection : ICollectionFixture<QemuFixture> { public const string Name = "Linux peer"; }

// The NMI watchdog's boots: a lockup waits seconds to be caught, another to be left alone.
[CollectionDefinition(Name)]
public sealed class WatchdogCollection : ICollectionFixture<QemuFixture> { public const string Name = "Watchdog"; }
