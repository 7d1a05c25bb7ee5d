using Lunix.Abi;
using Lunix.Servers.Rs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The rs.do option's items (Servers/Rs/CommandLineRequests.cs).
    public class RsCommandLineRequestTests
    {
        [Theory]
        [InlineData("restart:hello", RsRequests.Restart, "hello", 0)]
        [InlineData("update:ds", RsRequests.Update, "ds", 0)]
        [InlineData("fault:hello:null-write", RsRequests.FaultInject, "hello", (int)FaultKind.Crash)]
        [InlineData("fault:hellonew:endless-loop", RsRequests.FaultInject, "hellonew", (int)FaultKind.EndlessLoop)]
        public void Valid_items_become_requests(string item, int type, string label, int fault)
        {
            Assert.True(CommandLineRequests.TryParse(item, out CommandLineRequest request));
            Assert.Equal(type, request.Type);
            Assert.True(request.Label.Equals(ServiceLabel.From(label)));
            Assert.Equal((FaultKind)fault, request.Fault);
        }

        [Theory]
        [InlineData("")]
        [InlineData("hello")]
        [InlineData("reboot:hello")]
        [InlineData("update:")]
        [InlineData("update:a:b")]
        [InlineData("update:seventeen-chars-xx")]
        [InlineData("fault:hello")]
        [InlineData("fault:hello:melt")]
        public void Bad_items_are_refused(string item) => Assert.False(CommandLineRequests.TryParse(item, out _));
    }
}
