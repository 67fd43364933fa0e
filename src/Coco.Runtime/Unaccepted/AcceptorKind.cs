namespace Coco.Unaccepted
{
    /// <summary>Which mechanism accepted (or failed to accept) memory; names it in messages.</summary>
    public enum AcceptorKind
    {
        None = 0,
        /// <summary>TDG.MEM.PAGE.ACCEPT through the TDCALL gate.</summary>
        TdxPageAccept,
        /// <summary>EDKII_MEMORY_ACCEPT_PROTOCOL.AcceptMemory.</summary>
        Edk2Protocol,
        /// <summary>PVALIDATE on AMD SEV-SNP (seam only).</summary>
        SevSnpPvalidate,
        /// <summary>A test or benchmark acceptor.</summary>
        Custom,
    }
}
