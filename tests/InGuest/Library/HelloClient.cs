using System;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest
{
    // The hello driver as its test clients use it (the recovery and liveupdate suites): the open
    // count in hello's greeting.
    public static class HelloClient
    {
        // Opens the device, then reads its greeting and returns the open count in it (-1: failed).
        public static long Opens(int driver)
        {
            if (CharDriverCalls.Open(driver, 0) != 0) return -1;
            Span<byte> text = stackalloc byte[48];
            long read = CharDriverCalls.Read(driver, 0, text);
            const string Greeting = "Hello, world! opens=";
            if (read <= Greeting.Length) return -1;
            for (int i = 0; i < Greeting.Length; i++)
                if (text[i] != Greeting[i]) return -1;
            long count = 0;
            for (int i = Greeting.Length; i < read && text[i] >= '0' && text[i] <= '9'; i++) count = count * 10 + text[i] - '0';
            return count;
        }
    }
}
