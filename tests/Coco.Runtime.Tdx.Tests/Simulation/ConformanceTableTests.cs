using Coco.Conformance;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>docs/conformance/tdx-host.md and the [Conformance] tests here name each other, row for test.</summary>
    public class ConformanceTableTests
    {
        [Fact]
        public void Every_row_of_the_tdx_host_table_has_its_test_and_every_test_its_row()
        {
            IReadOnlyList<string> problems = ConformanceTable.CheckAgainst(ConformanceTable.PathOf("tdx-host.md"), typeof(ConformanceTableTests).Assembly);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
