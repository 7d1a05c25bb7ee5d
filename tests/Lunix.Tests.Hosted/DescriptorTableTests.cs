using System.Runtime.InteropServices;
using Lunix.Abi.Linux;
using Lunix.Servers.Vfs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // VFS's descriptor table (Servers/Vfs/DescriptorTable.cs) under a process's RLIMIT_NOFILE:
    // numbers lowest first and below the soft limit, the limit as PM tells it (past OpenMax,
    // OpenMax), descriptors above a lowered limit left open.
    public sealed unsafe class DescriptorTableTests : System.IDisposable
    {
        private const int Processes = 2;
        private readonly void* _memory = NativeMemory.AllocZeroed((nuint)MappedTable<ushort>.BytesFor(Processes * DescriptorTable.OpenMax));
        private readonly DescriptorTable _table;

        public DescriptorTableTests()
        {
            _table = new DescriptorTable(new MappedTable<ushort>((ulong)_memory, Processes * DescriptorTable.OpenMax), Processes);
            _table.Clear(0);
            _table.Clear(1);
        }

        public void Dispose() => NativeMemory.Free(_memory);

        [Fact]
        public void Walks_find_every_open_descriptor_up_to_the_highest_and_clear_empties_the_table()
        {
            _table.Set(0, 0, 3, false);
            _table.Set(0, 1, 4, true);
            _table.Set(0, 900, 5, true);
            Assert.Equal(new[] { 0, 1, 900 }, Open(0, onlyCloseOnExec: false));
            Assert.Equal(new[] { 1, 900 }, Open(0, onlyCloseOnExec: true));
            Assert.Equal(5, _table.Remove(0, 900));                   // the highest goes: walks end at 1
            Assert.Equal(new[] { 0, 1 }, Open(0, onlyCloseOnExec: false));
            _table.Set(0, 1000, 6, false);
            Assert.Equal(new[] { 0, 1, 1000 }, Open(0, onlyCloseOnExec: false));
            _table.Clear(0);
            Assert.Empty(Open(0, onlyCloseOnExec: false));
            Assert.Equal(-1, _table.Get(0, 1000));
            Assert.Equal(0, _table.Install(0, 0, 7, false));
        }

        private int[] Open(int process, bool onlyCloseOnExec)
        {
            var open = new System.Collections.Generic.List<int>();
            for (int fd = _table.NextOpen(process, 0, onlyCloseOnExec); fd >= 0; fd = _table.NextOpen(process, fd + 1, onlyCloseOnExec)) open.Add(fd);
            return open.ToArray();
        }

        [Fact]
        public void New_descriptors_stop_at_the_soft_limit_with_emfile()
        {
            Assert.Equal(DescriptorTable.OpenMax, _table.LimitOf(0));
            _table.SetLimit(0, 3);
            Assert.Equal(0, _table.Install(0, 0, 7, false));
            Assert.Equal(1, _table.Install(0, 0, 7, false));
            Assert.Equal(2, _table.Install(0, 0, 7, false));
            Assert.Equal(-(int)LinuxErrno.EMFILE, _table.Install(0, 0, 7, false));
            Assert.Equal(-(int)LinuxErrno.EMFILE, _table.Install(0, 1, 7, false));
            Assert.Equal(7, _table.Remove(0, 1));
            Assert.Equal(1, _table.Install(0, 0, 7, false));
            Assert.Equal(DescriptorTable.OpenMax, _table.LimitOf(1));         // another process's limit is its own
        }

        [Fact]
        public void A_lowered_limit_leaves_what_is_open_and_a_raised_one_stops_at_open_max()
        {
            for (int fd = 0; fd < 5; fd++) Assert.Equal(fd, _table.Install(0, 0, 3, false));
            _table.SetLimit(0, 2);
            Assert.Equal(3, _table.Get(0, 4));
            Assert.Equal(-(int)LinuxErrno.EMFILE, _table.Install(0, 0, 3, false));
            _table.SetLimit(0, ulong.MaxValue);                                // RLIM_INFINITY
            Assert.Equal(DescriptorTable.OpenMax, _table.LimitOf(0));
            Assert.Equal(5, _table.Install(0, 0, 3, false));
            _table.Clear(0);
            Assert.Equal(DescriptorTable.OpenMax, _table.LimitOf(0));
        }
    }
}
