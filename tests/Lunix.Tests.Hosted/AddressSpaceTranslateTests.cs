using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    // SmallUserPageBytes, the copies' short walk, must agree with Query wherever it answers, and
    // leave everything else (huge, read-only, copy-on-write, kernel-only, absent) to Query's path.
    public unsafe class AddressSpaceTranslateTests
    {
        private const PageAttributes UserData = PageAttributes.Writable | PageAttributes.User | PageAttributes.NoExecute;

        [Fact]
        public void AWritableUserPageIsFoundForReadingAndWritingWhereQueryPutsIt()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            ulong frame = machine.Own(KiB4);
            Assert.Equal(PagingResult.Ok, space.Map(0x40_1000, frame, KiB4, UserData));
            byte* expected = machine.Window.Bytes(machine.Query(space, 0x40_1234).Translate(0x40_1234));
            Assert.True(expected == space.SmallUserPageBytes(0x40_1234, write: false));
            Assert.True(expected == space.SmallUserPageBytes(0x40_1234, write: true));
            Assert.True(space.SmallUserPageBytes(0x40_2234, write: false) == null);        // the next page is not mapped
            Assert.True(space.SmallUserPageBytes(0x7F_0000_0000, write: false) == null);   // nor anything above
        }

        [Fact]
        public void PagesQueryMustHandleAreDeclined()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            ulong frames = machine.Own(4 * KiB4);
            Assert.Equal(PagingResult.Ok, space.Map(0x40_0000, frames, KiB4, PageAttributes.User));
            Assert.Equal(PagingResult.Ok, space.Map(0x40_1000, frames + KiB4, KiB4, PageAttributes.User | PageAttributes.CopyOnWrite));
            Assert.Equal(PagingResult.Ok, space.Map(0x40_2000, frames + 2 * KiB4, KiB4, PageAttributes.Writable));
            ulong huge = machine.Own(MiB2, MiB2);
            Assert.Equal(PagingResult.Ok, space.Map(0x60_0000, huge, MiB2, UserData));
            Assert.Equal(PageLevel.PageDirectory, machine.Query(space, 0x60_0000).Entry.Level);
            // Read-only and copy-on-write pages read here, and are Query's to write.
            Assert.True(space.SmallUserPageBytes(0x40_0010, write: false) == machine.Window.Bytes(frames + 0x10));
            Assert.True(space.SmallUserPageBytes(0x40_0010, write: true) == null);
            Assert.True(space.SmallUserPageBytes(0x40_1010, write: false) == machine.Window.Bytes(frames + KiB4 + 0x10));
            Assert.True(space.SmallUserPageBytes(0x40_1010, write: true) == null);
            Assert.True(space.SmallUserPageBytes(0x40_2010, write: false) == null);       // kernel-only
            Assert.True(space.SmallUserPageBytes(0x60_1000, write: false) == null);       // a 2 MiB page
        }
    }
}
