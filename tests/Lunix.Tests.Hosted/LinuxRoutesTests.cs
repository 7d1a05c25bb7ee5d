using Lunix.Abi.Linux;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The kernel's routing table for Linux system calls: which server a POSIX process's call is
    // sent to. Numbers are Linux's x86-64 ones (asm/unistd_64.h).
    public class LinuxRoutesTests
    {
        private static readonly byte[] s_table = LinuxRoutes.Build();

        [Theory]
        [InlineData(0, LinuxRoute.Vfs)]      // read
        [InlineData(1, LinuxRoute.Vfs)]      // write
        [InlineData(257, LinuxRoute.Vfs)]    // openat
        [InlineData(22, LinuxRoute.Vfs)]     // pipe
        [InlineData(39, LinuxRoute.Kernel)]  // getpid: the kernel answers from the ids PM gave it
        [InlineData(110, LinuxRoute.Kernel)] // getppid
        [InlineData(186, LinuxRoute.Kernel)] // gettid
        [InlineData(24, LinuxRoute.Kernel)]  // sched_yield: the scheduler's
        [InlineData(62, LinuxRoute.Pm)]      // kill
        [InlineData(57, LinuxRoute.Pm)]      // fork
        [InlineData(59, LinuxRoute.Pm)]      // execve
        [InlineData(231, LinuxRoute.Pm)]     // exit_group
        [InlineData(13, LinuxRoute.Pm)]      // rt_sigaction
        [InlineData(9, LinuxRoute.Vm)]       // mmap
        [InlineData(12, LinuxRoute.Vm)]      // brk
        [InlineData(158, LinuxRoute.Kernel)] // arch_prctl
        public void CallsGoToTheServerThatOwnsThem(long number, LinuxRoute route) =>
            Assert.Equal(route, LinuxRoutes.Of(s_table, number));

        [Theory]
        [InlineData(-1)]
        [InlineData(long.MinValue)]
        [InlineData(100_000)]
        [InlineData(long.MaxValue)]
        public void NumbersOutsideTheTableHaveNoRoute(long number) =>
            Assert.Equal(LinuxRoute.None, LinuxRoutes.Of(s_table, number));

        [Fact]
        public void NumbersAreLinuxs() => Assert.Equal((39, 59, 231, 302, 332), (LinuxCalls.Getpid, LinuxCalls.Execve, LinuxCalls.ExitGroup, LinuxCalls.Prlimit64, LinuxCalls.Statx));
    }
}
