namespace Coco.Acceptance.Tests.Support;

/// <summary>How many cases a property runs: the default, or COCO_PROPERTY_CASES (e.g. 1000000).</summary>
public static class PropertyCases
{
    public static int Count(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("COCO_PROPERTY_CASES"), out int n) && n > 0 ? n : defaultCount;
}
