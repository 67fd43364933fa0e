using Coco.Tdx.Abi;
using Coco.Tdx.Host;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Hands a built TDMR list to the module, in the module's order (as mainline
    /// init_tdx_module does): <see cref="Configure"/> (TDH.SYS.CONFIG, after TDH.SYS.INIT and
    /// TDH.SYS.LP.INIT on every LP), then <see cref="ConfigureGlobalKey"/> on one LP of every
    /// package (TDH.SYS.KEY.CONFIG; TDH.SYS.TDMR.INIT fails with TDX_SYS_NOT_READY until the
    /// last package is done), then <see cref="InitializeTdmrs"/> (TDH.SYS.TDMR.INIT on each
    /// TDMR until the module reports it initialized). Physical address = pointer (firmware
    /// runs identity-mapped).
    /// </summary>
    public static unsafe class TdxMemoryConfigurator
    {
        /// <summary>Bounded retries of TDMR.INIT on OPERAND_BUSY (another CPU initializing).</summary>
        public const int MaxBusyRetries = 1000;

        /// <summary>TDH.SYS.CONFIG with the TDMRs and the global private HKID.</summary>
        /// <param name="tdmrs">The built entries, 512-byte aligned.</param>
        /// <param name="addressArray">Room for <paramref name="count"/> addresses, 512-byte aligned.</param>
        public static TdxStatus Configure(TdmrInfo* tdmrs, int count, ulong* addressArray, ulong hkid, bool dynamicPamt)
        {
            for (int i = 0; i < count; i++)
            {
                addressArray[i] = (ulong)(tdmrs + i);
            }
            ulong options = (hkid & SysConfigOptions.HkidMask) | (dynamicPamt ? SysConfigOptions.DynamicPamt : 0);
            return HostSeamcalls.TdhSysConfig((ulong)addressArray, (ulong)count, options);
        }

        /// <summary>TDH.SYS.KEY.CONFIG on the calling LP's package. TDX_KEY_CONFIGURED (the
        /// package already has the key) counts as done.</summary>
        public static TdxStatus ConfigureGlobalKey()
        {
            TdxStatus status = HostSeamcalls.TdhSysKeyConfig();
            return status.Is(TdxStatusCode.KeyConfigured) ? TdxStatus.Success : status;
        }

        /// <summary>TDH.SYS.TDMR.INIT on every TDMR until each is initialized.</summary>
        /// <param name="failedTdmr">Index of the TDMR whose initialization failed, or -1.</param>
        /// <param name="calls">TDH.SYS.TDMR.INIT calls made.</param>
        public static TdxStatus InitializeTdmrs(TdmrInfo* tdmrs, int count, out int failedTdmr, out long calls)
        {
            failedTdmr = -1;
            calls = 0;
            for (int i = 0; i < count; i++)
            {
                TdxStatus status = InitializeTdmr(tdmrs[i].Base, tdmrs[i].End, ref calls);
                if (!status.IsSuccess)
                {
                    failedTdmr = i;
                    return status;
                }
            }
            return TdxStatus.Success;
        }

        private static TdxStatus InitializeTdmr(ulong tdmrBase, ulong tdmrEnd, ref long calls)
        {
            int busy = 0;
            while (true)
            {
                calls++;
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
