using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // Whether a driver of PCI devices has a device to drive, asked of the PCI server before RS
    // starts it at boot (MINIX's RS reads the pci server's table the same way). RS never blocks on
    // a service: the question goes by SENDA, the answer comes through RS's own loop, and a PCI
    // server that does not answer within the timeout counts as no device.
    internal static class DevicePresence
    {
        public const ulong TimeoutTicks = 100;

        private static bool s_waiting;
        private static ulong s_deadline;
        private static long s_result;

        public static bool Waiting => s_waiting;
        public static long Result => s_result;

        // When RS's alarm must wake it for the answer's timeout (0: not waiting).
        public static ulong Deadline => s_waiting ? s_deadline : 0;

        public static void Ask(int slot, ulong now)
        {
            Message question = default;
            question.Type = PciRequests.Present;
            question.Payload<PciQuery>().Index = slot;
            int sent = AsyncSend.Send(BootEndpoints.Pci, question);
            s_result = sent;
            s_waiting = sent == 0;
            s_deadline = now + TimeoutTicks;
        }

        public static void Answered(in PciReply reply)
        {
            if (!s_waiting) return;
            s_waiting = false;
            s_result = reply.Result;
        }

        public static void Tick(ulong now)
        {
            if (!s_waiting || now < s_deadline) return;
            s_waiting = false;
            s_result = -(int)Errno.ETIMEDOUT;
        }
    }
}
