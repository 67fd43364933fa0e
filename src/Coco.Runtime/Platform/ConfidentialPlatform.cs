namespace Coco.Platform
{
    /// <summary>The kind of confidential guest the image runs in.</summary>
    public enum ConfidentialPlatform
    {
        /// <summary>No confidential-computing guest was found: memory needs no acceptance.</summary>
        None = 0,
        /// <summary>An Intel TDX guest (CPUID leaf 0x21 reads "IntelTDX    ").</summary>
        TdxGuest = 1,
    }
}
