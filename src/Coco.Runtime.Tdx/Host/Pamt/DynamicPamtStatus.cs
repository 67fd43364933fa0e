using Coco.Tdx.Abi;
using Coco.Text;

namespace Coco.Tdx.Host.Pamt
{
    public enum DynamicPamtResult
    {
        Success,

        /// <summary>The address is not in any TDX memory block.</summary>
        NotTdxMemory,

        /// <summary>The page source has no pages for a new pair.</summary>
        OutOfPages,

        /// <summary>The pre-filled pool is empty (fault path).</summary>
        PoolEmpty,

        /// <summary>Put without a matching get.</summary>
        NotHeld,

        /// <summary>The module refused PAMT.ADD or PAMT.REMOVE; see the status.</summary>
        ModuleError,

        /// <summary>The module stayed busy through every retry.</summary>
        StillBusy,
    }

    /// <summary>The outcome of a Dynamic PAMT get or put and, for module failures, the
    /// module's status. The reference count is unchanged whenever this is not Success.</summary>
    public readonly struct DynamicPamtStatus
    {
        public DynamicPamtStatus(DynamicPamtResult result, ulong hpa, TdxStatus moduleStatus)
        {
            Result = result;
            Hpa = hpa;
            ModuleStatus = moduleStatus;
        }

        public DynamicPamtResult Result { get; }

        /// <summary>The address the call was about.</summary>
        public ulong Hpa { get; }

        public TdxStatus ModuleStatus { get; }

        public bool IsSuccess => Result == DynamicPamtResult.Success;

        public static DynamicPamtStatus Ok(ulong hpa) => new DynamicPamtStatus(DynamicPamtResult.Success, hpa, TdxStatus.Success);

        public static DynamicPamtStatus Failed(DynamicPamtResult result, ulong hpa) => new DynamicPamtStatus(result, hpa, TdxStatus.Success);

        public static DynamicPamtStatus Failed(DynamicPamtResult result, ulong hpa, TdxStatus status) => new DynamicPamtStatus(result, hpa, status);

        public void AppendTo(ref TextBuilder text)
        {
            text.Append("Dynamic PAMT for ");
            text.AppendHex(Hpa);
            text.Append(": ");
            switch (Result)
            {
                case DynamicPamtResult.Success:
                    text.Append("ok");
                    break;
                case DynamicPamtResult.NotTdxMemory:
                    text.Append("not TDX memory");
                    break;
                case DynamicPamtResult.OutOfPages:
                    text.Append("no free pages for a PAMT page pair");
                    break;
                case DynamicPamtResult.PoolEmpty:
                    text.Append("the page-pair pool is empty");
                    break;
                case DynamicPamtResult.NotHeld:
                    text.Append("put without a get (reference count is zero)");
                    break;
                case DynamicPamtResult.ModuleError:
                    text.Append("the module refused: ");
                    ModuleStatus.AppendTo(ref text);
                    break;
                case DynamicPamtResult.StillBusy:
                    text.Append("the module stayed busy: ");
                    ModuleStatus.AppendTo(ref text);
                    break;
            }
        }
    }
}
