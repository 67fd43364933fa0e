namespace Coco.Generators.Common
{
    /// <summary>Metadata names the generators look up, and the tool's name.</summary>
    internal static class WellKnownNames
    {
        public const string ConfigurationTableAttribute = "Coco.EfiConfigurationTableAttribute";
        public const string BinaryLayoutAttribute = "Coco.BinaryLayoutAttribute";
        public const string AcpiTableAttribute = "Coco.AcpiTableAttribute";
        public const string TrailingArrayAttribute = "Coco.TrailingArrayAttribute";
        public const string TdCallAttribute = "Coco.TdCallAttribute";
        public const string SeamcallAttribute = "Coco.SeamcallAttribute";
        public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";
        public const string MethodImplAttribute = "System.Runtime.CompilerServices.MethodImplAttribute";

        // What generated layout code calls (src/Coco.Runtime/Layouts, Bitmaps): one type stands
        // for the runtime, which has them all.
        public const string LayoutRuntime = "Coco.Layouts.LayoutBytes";

        // What an ACPI table begins with and what its generated members call (src/Coco.Runtime/Acpi).
        public const string AcpiTableHeader = "Coco.Acpi.AcpiTableHeader";
        public const string AcpiTables = "Coco.Acpi.AcpiTables";

        // What generated TDCALL/SEAMCALL stubs call (src/Coco.Runtime.Tdx/Abi, Guest, Host).
        public const string TdxStatus = "Coco.Tdx.Abi.TdxStatus";
        public const string TdxRegisters = "Coco.Tdx.Abi.TdxRegisters";
        public const string TdxStatusCode = "Coco.Tdx.Abi.TdxStatusCode";
        public const string SeamcallGate = "Coco.Tdx.Host.SeamcallGate";
        public const string TdcallGate = "Coco.Tdx.Guest.TdcallGate";

        public const string ToolName = "Coco.Generators";
        public const string ToolVersion = "0.1.0";
    }
}
