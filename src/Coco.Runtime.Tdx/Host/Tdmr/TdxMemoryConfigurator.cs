using Coco.Tdx.Abi;
using Coco.Tdx.Host;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Hands a built TDMR list to the module: TDH.SYS.CONFIG with the array of TDMR_INFO
    /// addresses, then TDH.SYS.TDMR.INIT on each TDMR until the module reports it initialized.
    /// Physical address = pointer (firmware runs identity-mapped).
    /// </summary>
    public static unsafe class TdxMemoryConfigurator
    {
        /// <summary>Bounded retries of TDMR.INIT on OPERAND_BUSY (another CPU initializing).</summary>
        public const int MaxBusyRetries = 1000;

        /// <param name="tdmrs">The built entries, 512-byte aligned.</param>
        /// <param name="addressArray">Room for <paramref name="count"/> addresses, 512-byte aligned.</param>
        /// <param name="failedTdmr">Index of the TDMR whose initialization failed, or -1.</param>
        public static TdxStatus Configure(TdmrInfo* tdmrs, int count, ulong* addressArray, ulong hkid, bool dynamicPamt, out int failedTdmr)
        {
            failedTdmr = -1;
            for (int i = 0; i < count; i++)
            {
                addressArray[i] = (ulong)(tdmrs + i);
            }
            ulong options = (hkid & SysConfigOptions.HkidMask) | (dynamicPamt ? SysConfigOptions.DynamicPamt : 0);
            TdxStatus status = HostSeamcalls.TdhSysConfig((ulong)addressArray, (ulong)count, options);
            if (!status.IsSuccess)
            {
                return status;
            }
            for (int i = 0; i < count; i++)
            {
                status = InitializeTdmr(tdmrs[i].Base, tdmrs[i].End);
                if (!status.IsSuccess)
                {
                    failedTdmr = i;
                    return status;
                }
            }
            return TdxStatus.Success;
        }

        private static TdxStatus InitializeTdmr(ulong tdmrBase, ulong tdmrEnd)
        {
            int busy = 0;
            while (true)
            {
                TdxStatus status = HostSeamcalls.TdhSysTdmrInit(tdmrBase, out ulong next);
                if (status.Is(TdxStatusCode.TdmrAlreadyInitialized))
                {
                    return TdxStatus.Success;
                }
                if (status.Is(TdxStatusCode.OperandBusy) && busy++ < MaxBusyRetries)
                {
                    continue;
                }
                if (!status.IsSuccess)
                {
                    return status;
                }
                if (next >= tdmrEnd)
                {
                    return TdxStatus.Success;
                }
            }
        }
    }
}
