using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The ds suite (kernel option suite=ds): dstest, a ring-3 program, uses the data store server
/// (ds) directly and through a second process (dspeer), checking values of every type, ownership,
/// subscriptions with their notifications, and DS's answers to bad requests.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class DsSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "ds")
{
    // tests/InGuest/Ds/DsTest/DsTest.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "a u32 is published and retrieved" },
        { 2, "a string is published and retrieved" },
        { 3, "a memory range goes in through the publisher's grant and out through the retriever's" },
        { 4, "a label maps to its endpoint and the endpoint back to its label, for both processes" },
        { 5, "a label naming another process fails with EPERM" },
        { 6, "a missing key, a key of another type or an unnamed endpoint fails with ENOENT" },
        { 7, "publishing an existing key fails with EEXIST; its owner overwrites it with Overwrite" },
        { 8, "a process cannot overwrite or delete another's entry (EPERM), both ways" },
        { 9, "a deleted key is gone (ENOENT) and anyone may publish it again" },
        { 10, "a subscriber is notified of another process's publish under its prefix, and Check names the key" },
        { 11, "a publish outside the prefix is neither notified nor reported" },
        { 12, "subscribing with Initial reports the entries already under the prefix" },
        { 13, "a delete is reported to the subscriber with the Deleted flag" },
        { 14, "a driver's DriverUp under drv.<label> reaches a subscriber to drv., again when republished after a restart" },
        { 15, "dspeer, subscribed through DS, finds dstest's publish by Check" },
        { 16, "a key field with no NUL fails with ENAMETOOLONG, an empty key or a non-ASCII byte with EINVAL" },
        { 17, "a string or memory range too long for an entry, or an unknown type, fails with EINVAL" },
        { 18, "a bad grant fails with the kernel's error (EINVAL, EPERM) and stores nothing" },
        { 19, "an unknown request fails with EBADREQUEST, and DS goes on answering" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
