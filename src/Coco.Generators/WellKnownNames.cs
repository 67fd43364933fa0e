namespace Coco.Generators
{
    /// <summary>Metadata names the generator and the analyzers look up.</summary>
    internal static class WellKnownNames
    {
        public const string ConfigurationTableAttribute = "Coco.EfiConfigurationTableAttribute";
        public const string TrailingArrayAttribute = "Coco.TrailingArrayAttribute";
        public const string BitmapAttribute = "Coco.BitmapAttribute";
        public const string StructLayoutAttribute = "System.Runtime.InteropServices.StructLayoutAttribute";
        public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";

        // The firmware services generated install/find helpers call (src/Coco.Runtime/Uefi).
        public const string EfiServices = "Coco.Uefi.Efi";
        public const string EfiGuid = "Coco.Uefi.EfiGuid";

        public const string ToolName = "Coco.Generators";
        public const string ToolVersion = "0.1.0";
    }
}
