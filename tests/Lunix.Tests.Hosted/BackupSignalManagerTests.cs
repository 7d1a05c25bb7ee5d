using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The backup signal manager in Privileges (RS's update of itself; Kernel/Ipc/Engine/Privileges.cs).
    public class BackupSignalManagerTests
    {
        [Fact]
        public void Privileges_name_no_backup_until_one_is_set()
        {
            Privileges p = default;
            Assert.False(p.TryGetBackupSignalManager(out _));
        }

        [Fact]
        public void A_backup_is_named_by_endpoint_endpoint_zero_included_and_cleared()
        {
            Privileges p = default;
            p.SetBackupSignalManager(0);
            Assert.True(p.TryGetBackupSignalManager(out int endpoint));
            Assert.Equal(0, endpoint);
            p.SetBackupSignalManager(0x1000 + 5);
            Assert.True(p.TryGetBackupSignalManager(out endpoint));
            Assert.Equal(0x1000 + 5, endpoint);
            p.ClearBackupSignalManager();
            Assert.False(p.TryGetBackupSignalManager(out _));
        }

        [Fact]
        public void The_backup_is_apart_from_the_signal_manager()
        {
            Privileges p = default;
            p.SetSignalManager(12);
            p.SetBackupSignalManager(7);
            p.ClearBackupSignalManager();
            Assert.True(p.TryGetSignalManager(out int manager));
            Assert.Equal(12, manager);
        }
    }
}
