namespace Coco.Measurement
{
    /// <summary>Where <see cref="Measurer"/> sends measurements.</summary>
    public enum MeasurementPath
    {
        /// <summary>Nothing to measure into: no protocol and no platform registers.</summary>
        None = 0,

        /// <summary>EFI_CC_MEASUREMENT_PROTOCOL: the firmware extends the CC register and logs.</summary>
        CcProtocol = 1,

        /// <summary>EFI_TCG2_PROTOCOL: the firmware extends the TPM's PCR and logs.</summary>
        Tcg2 = 2,

        /// <summary>The platform's own registers (TDX RTMRs), extended by Coco, logged in Coco's
        /// own CC event log, which it publishes as the CCEL ACPI table.</summary>
        PlatformRegisters = 3,
    }
}
