namespace Lunix.Drivers.Usb
{
    // A host controller whose interrupt line reaches the driver: its causes acknowledged and its
    // line enabled again (the kernel masks a line at each interrupt).
    internal abstract class InterruptingController
    {
        public abstract void Acknowledge();
    }

    // The controllers the driver started. Every interrupt comes to the driver as the same
    // kernel notification, whichever controller raised it (and several may share one line):
    // whoever wakes from it, a transfer's wait or the request loop, acknowledges them all, so no
    // controller's line stays masked, nor asserted by a cause nobody cleared, while another's
    // transfer waits.
    internal sealed class ControllerInterrupts
    {
        private readonly InterruptingController[] _controllers = new InterruptingController[UsbStorageDevice.MaxControllers];
        private int _count;

        // A controller once started (its registers mapped, its line attached if it has one).
        public void Add(InterruptingController controller)
        {
            if (_count < _controllers.Length) _controllers[_count++] = controller;
        }

        public void AcknowledgeAll()
        {
            for (int i = 0; i < _count; i++) _controllers[i].Acknowledge();
        }
    }
}
