namespace Coco.Generators
{
    /// <summary>Names of the incremental steps, so tests can assert how each one ran.</summary>
    internal static class TrackingNames
    {
        /// <summary>Each [EfiConfigurationTable] struct read into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string Tables = "Tables";

        /// <summary>The diagnostics the generator reports for invalid tables.</summary>
        public const string TableDiagnostics = "TableDiagnostics";

        /// <summary>The specs of valid tables only.</summary>
        public const string ValidTables = "ValidTables";

        /// <summary>What the compilation offers generated code.</summary>
        public const string Environment = "Environment";

        /// <summary>Each valid table paired with the environment: the input of emission.</summary>
        public const string Output = "Output";

        /// <summary>Each [BinaryLayout] struct read into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string BinaryLayouts = "BinaryLayouts";

        /// <summary>The diagnostics the generator reports for invalid binary layouts.</summary>
        public const string BinaryLayoutDiagnostics = "BinaryLayoutDiagnostics";

        /// <summary>The specs of valid binary layouts only.</summary>
        public const string ValidBinaryLayouts = "ValidBinaryLayouts";

        /// <summary>Each valid binary layout paired with the environment: the input of emission.</summary>
        public const string BinaryLayoutOutput = "BinaryLayoutOutput";

        /// <summary>Each [TdCall]/[Seamcall] method read into a spec (null when invalid) and the diagnostics the generator reports for it.</summary>
        public const string TdxCalls = "TdxCalls";

        /// <summary>The diagnostics the generator reports for invalid TDX calls.</summary>
        public const string TdxCallDiagnostics = "TdxCallDiagnostics";

        /// <summary>The specs of valid TDX calls only.</summary>
        public const string ValidTdxCalls = "ValidTdxCalls";

        /// <summary>Each valid TDX call paired with the environment: the input of emission.</summary>
        public const string TdxCallOutput = "TdxCallOutput";
    }
}
