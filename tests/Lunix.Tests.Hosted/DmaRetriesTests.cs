using System.Collections.Generic;
using Lunix.Drivers.Storage.Ata;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The ATA driver's answer to a failed DMA command (Drivers/Storage/Ata/DmaRetries.cs): a
    // transfer failure retried twice, a drive error failed at once, and a drive whose transfers
    // failed three times in a row moved to PIO.
    public sealed class DmaRetriesTests
    {
        // One drive's commands in turn (N ended well, D drive error, T transfer failure) and the
        // step the policy answers each with.
        [Theory]
        [InlineData("TTT", "Retry Retry UsePio")]
        [InlineData("TTNTTT", "Retry Retry Done Retry Retry UsePio")]          // a success ends the run
        [InlineData("DTDTT", "Fail Retry Fail Retry UsePio")]                  // a drive error neither ends nor extends it
        [InlineData("NNDN", "Done Done Fail Done")]
        public void Each_failure_gets_its_step(string outcomes, string steps)
        {
            var retries = new DmaRetries();
            var taken = new List<string>();
            foreach (char outcome in outcomes)
                taken.Add(retries.After(outcome switch { 'N' => DmaFailure.None, 'D' => DmaFailure.Drive, _ => DmaFailure.Transfer }).ToString());
            Assert.Equal(steps, string.Join(" ", taken));
        }

        [Theory]
        [InlineData(true, false, false, false, DmaFailure.Transfer)]     // no end by the deadline
        [InlineData(true, false, false, true, DmaFailure.Transfer)]      // ERR seen only after the deadline
        [InlineData(false, true, false, false, DmaFailure.Transfer)]     // the bus master's error bit
        [InlineData(false, true, false, true, DmaFailure.Transfer)]
        [InlineData(false, false, true, true, DmaFailure.Transfer)]      // ICRC with ABRT: the cable, not the medium
        [InlineData(false, false, false, true, DmaFailure.Drive)]        // ERR (UNC, IDNF, ABRT) or DF alone
        [InlineData(false, false, false, false, DmaFailure.Transfer)]    // the engine or the drive stopped half way
        public void A_failure_is_the_drives_only_where_nothing_points_at_the_transfer(bool timedOut, bool busMasterError, bool interfaceCrc, bool driveError, DmaFailure expected) =>
            Assert.Equal(expected, DmaRetries.Classify(timedOut, busMasterError, interfaceCrc, driveError));
    }
}
