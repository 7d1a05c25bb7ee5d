namespace Lunix.Drivers.Storage.Ata
{
    // How a DMA command failed (AtaDma.Complete). Drive: the drive answered with ERR or DF (it
    // refused the command, or could not read or write the medium; a CD's CHECK CONDITION), which
    // a retry or PIO would meet again, so the request fails at once, as libata does not retry a
    // device error either. Transfer: the command did not end by its deadline, the bus master
    // reported an error, the disk an interface CRC error, or the engine or the drive stopped
    // in the middle; a channel reset and a retry may cure that.
    public enum DmaFailure : byte { None, Drive, Transfer }

    // What the driver does next with the request.
    public enum DmaStep : byte { Done, Retry, Fail, UsePio }

    // One drive's DMA failures: after a transfer failure the request is tried again, twice at
    // the most (after the channel reset AtaDma.Complete did); a drive whose transfers failed
    // three times in a row (a success ends the run, a drive error neither ends nor extends it)
    // gives DMA up for PIO until the driver's next start, and the request that failed is done
    // over by PIO. Each try moves the whole request again, a write's too: the bounce buffer still
    // holds its data, and a read's is copied out only after a try that succeeded, so a request
    // succeeds wholly or fails. Pure, so the hosted tests check the policy.
    public struct DmaRetries
    {
        public const int Retries = 2;

        private int _transferFailures;          // in a row

        public DmaStep After(DmaFailure failure)
        {
            switch (failure)
            {
                case DmaFailure.None:
                    _transferFailures = 0;
                    return DmaStep.Done;
                case DmaFailure.Drive:
                    return DmaStep.Fail;
                default:
                    _transferFailures++;
                    return _transferFailures > Retries ? DmaStep.UsePio : DmaStep.Retry;
            }
        }

        // A failed command's kind from what the registers said: a drive error only where the drive
        // set ERR or DF and nothing points at the transfer itself. `interfaceCrc`, a disk's error
        // register bit 7 (ICRC); a CD's error register holds its sense key there instead.
        public static DmaFailure Classify(bool timedOut, bool busMasterError, bool interfaceCrc, bool driveError) =>
            !timedOut && !busMasterError && !interfaceCrc && driveError ? DmaFailure.Drive : DmaFailure.Transfer;
    }
}
