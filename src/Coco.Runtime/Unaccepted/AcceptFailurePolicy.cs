namespace Coco.Unaccepted
{
    /// <summary>What the pipeline does when an acceptor fails for good.</summary>
    public enum AcceptFailurePolicy
    {
        /// <summary>Halt through FailFast, naming the failure, as Linux panics: touching memory
        /// that was not accepted kills a TDX guest, and an SEV-SNP guest must not go on with
        /// memory it could not validate. The default.</summary>
        Halt = 0,

        /// <summary>Return the failure (with how far acceptance got) to the caller.</summary>
        Return = 1,
    }
}
