using Coco.Tdx.Abi;
using Coco.Tdx.Host;

namespace Coco.Runtime.Tdx.Tests
{
    public class TdxStatusTests
    {
        [Fact]
        public void Splits_class_and_operand_id()
        {
            var status = TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            Assert.Equal(0x8000020000000001UL, status.Value);
            Assert.Equal(TdxStatusCode.OperandBusy, status.Class);
            Assert.Equal(1u, status.OperandId);
            Assert.True(status.IsError);
            Assert.False(status.IsWarning);
            Assert.True(status.Is(TdxStatusCode.OperandBusy));
            Assert.False(status.Is(TdxStatusCode.OperandInvalid));
        }

        [Fact]
        public void Bit_63_clear_and_non_zero_is_a_warning()
        {
            var status = new TdxStatus(TdxStatusCode.TdmrAlreadyInitialized);
            Assert.True(status.IsWarning);
            Assert.False(status.IsError);
            Assert.False(status.IsSuccess);
            Assert.True(TdxStatus.Success.IsSuccess);
        }

        [Theory]
        [InlineData(TdxStatusCode.MissingPamtPagePair, "TDX_MISSING_PAMT_PAGE_PAIR")]
        [InlineData(TdxStatusCode.HpaRangeNotFree, "TDX_HPA_RANGE_NOT_FREE")]
        [InlineData(TdxStatusCode.PamtPageNotEmpty, "TDX_PAMT_PAGE_NOT_EMPTY")]
        [InlineData(TdxStatusCode.NoPamtPagePair, "TDX_NO_PAMT_PAGE_PAIR")]
        [InlineData(TdxStatusCode.InterruptedPamt, "TDX_INTERRUPTED_PAMT")]
        [InlineData(TdxStatusCode.TdmrOutsideCmrs, "TDX_TDMR_OUTSIDE_CMRS")]
        [InlineData(TdxStatusCode.PamtOutsideCmrs, "TDX_PAMT_OUTSIDE_CMRS")]
        [InlineData(TdxStatusCode.PageAlreadyAccepted, "TDX_PAGE_ALREADY_ACCEPTED")]
        [InlineData(TdxStatusCode.PageSizeMismatch, "TDX_PAGE_SIZE_MISMATCH")]
        [InlineData(TdxStatusCode.SeamcallVmFailInvalid, "TDX_SEAMCALL_VMFAILINVALID")]
        [InlineData(TdxStatusCode.SwError | 0x1234, "TDX_SW_ERROR")]
        [InlineData(0xC0000F9900000000UL, "TDX_UNKNOWN_STATUS")]
        public void Names_known_codes(ulong value, string name) => Assert.Equal(name, new TdxStatus(value).Name);

        [Fact]
        public void Software_codes_are_recognised_by_their_reserved_class()
        {
            Assert.True(new TdxStatus(TdxStatusCode.SeamcallVmFailInvalid).IsSoftwareError);
            Assert.Equal(0x8000FF00FFFF0000UL, TdxStatusCode.SeamcallVmFailInvalid);
            Assert.False(new TdxStatus(TdxStatusCode.OperandBusy).IsSoftwareError);
        }

        [Fact]
        public void Prints_name_and_value() =>
            Assert.Equal("TDX_OPERAND_BUSY (0x8000020000000008)", TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.R8).Format());

        [Fact]
        public unsafe void A_gate_without_a_module_reports_vmfailinvalid()
        {
            var previous = SeamcallGate.Install(null);
            try
            {
                TdxRegisters registers = default;
                registers.Rax = SeamcallLeaf.TdhSysConfig;
                Assert.Equal(TdxStatusCode.SeamcallVmFailInvalid, SeamcallGate.Call(&registers).Value);
            }
            finally
            {
                SeamcallGate.Install(previous);
            }
        }
    }
}
