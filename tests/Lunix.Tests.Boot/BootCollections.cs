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
