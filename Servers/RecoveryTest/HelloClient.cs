using Lunix.Ipc;
using Lunix.SystemLibrary;

namespace Lunix.Servers
{
    // The hello driver as its test clients use it (the recovery and liveupdate suites link this
    // file): the char-driver protocol's requests, and the open count in hello's greeting.
    internal static unsafe class HelloClient
    {
        // Opens the device, then reads its greeting and returns the open count in it (-1: failed).
        public static long Opens(int driver)
        {
            if (Request(driver, CharDriverRequests.Open, 0, 0, out _) != 0) return -1;
            byte* text = stackalloc byte[48];
            int grant = GrantTable.GrantDirect(driver, text, 48, GrantFlags.Write);
            long read = Request(driver, CharDriverRequests.Read, grant, 48, out _);
            GrantTable.Revoke(grant);
            const string Greeting = "Hello, world! opens=";
            if (read <= Greeting.Length) return -1;
            for (int i = 0; i < Greeting.Length; i++)
                if (text[i] != Greeting[i]) return -1;
            long count = 0;
            for (int i = Greeting.Length; i < read && text[i] >= '0' && text[i] <= '9'; i++) count = count * 10 + text[i] - '0';
            return count;
        }

        public static long Request(int driver, int type, int grant, long length, out int replyType)
        {
            Message message = default;
            message.Type = type;
            message.Word1 = grant;
            message.Word3 = length;
            int sent = Syscalls.SendReceive(driver, &message);
            replyType = message.Type;
            return sent != 0 ? sent : message.Word0;
        }
    }
}
