namespace Coco.Generators
{
    /// <summary>Metadata names the generator and the analyzers look up.</summary>
    internal static class WellKnownNames
    {
        public const string ConfigurationTableAttribute = "Coco.EfiConfigurationTableAttribute";
        public const string TrailingArrayAttribute = "Coco.TrailingArrayAttribute";
        public const string BitmapAttribute = "Coco.BitmapAttribute";
        public const string BinaryLayoutAttribute = "Coco.BinaryLayoutAttribute";
        public const string LayoutOffsetAttribute = "Coco.LayoutOffsetAttribute";
        public const string StructLayoutAttribute = "System.Runtime.InteropServices.StructLayoutAttribute";
        public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";
        public const string MethodImplAttribute = "System.Runtime.CompilerServices.MethodImplAttribute";

        // The firmware services generated install/find helpers call (src/Coco.Runtime/Uefi).
        public const string EfiServices = "Coco.Uefi.Efi";
        public const string EfiGuid = "Coco.Uefi.EfiGuid";

        // TDCALL/SEAMCALL stubs: the attributes, and the runtime types generated stubs use
        // (src/Coco.Runtime.Tdx/Abi, Guest).
        public const string TdCallAttribute = "Coco.TdCallAttribute";
        public const string SeamcallAttribute = "Coco.SeamcallAttribute";
        public const string TdxRegisterAttribute = "Coco.TdxRegisterAttribute";
        public const string TdxInputAttribute = "Coco.TdxInputAttribute";
        public const string RetryOnBusyAttribute = "Coco.RetryOnBusyAttribute";
        public const string TdxStatus = "Coco.Tdx.Abi.TdxStatus";
        public const string TdxRegisters = "Coco.Tdx.Abi.TdxRegisters";
        public const string SeamcallGate = "Coco.Tdx.Host.SeamcallGate";
        public const string TdcallGate = "Coco.Tdx.Guest.TdcallGate";

        public const string ToolName = "Coco.Generators";
        public const string ToolVersion = "0.1.0";
    }
}
