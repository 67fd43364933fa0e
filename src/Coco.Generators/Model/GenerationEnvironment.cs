namespace Coco.Generators.Model
{
    /// <summary>What the compilation offers generated code: Coco's EFI services (for the GUID
    /// value and install/find) and GeneratedCodeAttribute (absent from the minimal core library).</summary>
    internal sealed record GenerationEnvironment(bool HasEfiServices, bool HasGeneratedCodeAttribute);
}
