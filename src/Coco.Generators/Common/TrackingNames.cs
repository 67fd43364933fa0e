namespace Coco.Generators.Common
{
    /// <summary>Names of the incremental steps, so tests can assert how each one ran.</summary>
    internal static class TrackingNames
    {
        /// <summary>Each [EfiConfigurationTable] struct parsed into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string Tables = "Tables";

        /// <summary>The diagnostics the generator reports for invalid tables.</summary>
        public const string TableDiagnostics = "TableDiagnostics";

        /// <summary>The specs of valid tables only: the input of emission.</summary>
        public const string ValidTables = "ValidTables";

        /// <summary>Each [AcpiTable] struct parsed into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string AcpiTables = "AcpiTables";

        /// <summary>The diagnostics the generator reports for invalid ACPI tables.</summary>
        public const string AcpiTableDiagnostics = "AcpiTableDiagnostics";

        /// <summary>The specs of valid ACPI tables only: the input of emission.</summary>
        public const string ValidAcpiTables = "ValidAcpiTables";

        /// <summary>Each [BinaryLayout] struct parsed into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string BinaryLayouts = "BinaryLayouts";

        /// <summary>The diagnostics the generator reports for invalid binary layouts.</summary>
        public const string BinaryLayoutDiagnostics = "BinaryLayoutDiagnostics";

        /// <summary>The specs of valid binary layouts only: the input of emission.</summary>
        public const string ValidBinaryLayouts = "ValidBinaryLayouts";

        /// <summary>The COCO1014 diagnostics of [TrailingArray] partial properties outside layout structs.</summary>
        public const string StrayTrailingArrays = "StrayTrailingArrays";

        /// <summary>Each [TdCall]/[Seamcall] method parsed into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string TdxCalls = "TdxCalls";

        /// <summary>The diagnostics the generator reports for invalid TDX calls.</summary>
        public const string TdxCallDiagnostics = "TdxCallDiagnostics";

        /// <summary>The specs of valid TDX calls only: the input of emission.</summary>
        public const string ValidTdxCalls = "ValidTdxCalls";
    }
}
