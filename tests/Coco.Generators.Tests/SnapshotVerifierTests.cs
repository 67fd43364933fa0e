using Coco.Generators.Tests.Infrastructure;

namespace Coco.Generators.Tests;

/// <summary>The snapshot harness itself: matching passes, a mismatch writes .received. and
/// fails, a stale snapshot fails, and accepting rewrites and cleans up.</summary>
public sealed class SnapshotVerifierTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coco-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_new_snapshot_fails_and_is_written_as_received()
    {
        var files = new Dictionary<string, string> { ["T.M#A.g.verified.cs"] = "//HintName: A.g.cs\nx\n" };

        Assert.Throws<SnapshotMismatchException>(() => SnapshotVerifier.VerifyFiles("T.M", files, _directory, accept: false));
        Assert.Equal("//HintName: A.g.cs\nx\n", File.ReadAllText(Path.Combine(_directory, "T.M#A.g.received.cs")));
        Assert.False(File.Exists(Path.Combine(_directory, "T.M#A.g.verified.cs")));
    }

    [Fact]
    public void Accepting_writes_verified_files_removes_received_and_stale_ones()
    {
        File.WriteAllText(Path.Combine(CreateDirectory(), "T.M#Old.g.verified.cs"), "old");
        var files = new Dictionary<string, string> { ["T.M#A.g.verified.cs"] = "new\n" };
        Assert.Throws<SnapshotMismatchException>(() => SnapshotVerifier.VerifyFiles("T.M", files, _directory, accept: false));

        SnapshotVerifier.VerifyFiles("T.M", files, _directory, accept: true);

        Assert.Equal(new[] { "T.M#A.g.verified.cs" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
        SnapshotVerifier.VerifyFiles("T.M", files, _directory, accept: false);
    }

    [Fact]
    public void A_stale_snapshot_fails_even_when_the_rest_match()
    {
        string directory = CreateDirectory();
        File.WriteAllText(Path.Combine(directory, "T.M#A.g.verified.cs"), "same\n");
        File.WriteAllText(Path.Combine(directory, "T.M#Gone.g.verified.cs"), "gone\n");
        File.WriteAllText(Path.Combine(directory, "T.Other#Gone.g.verified.cs"), "another test's\n");
        var files = new Dictionary<string, string> { ["T.M#A.g.verified.cs"] = "same\n" };

        var failure = Assert.Throws<SnapshotMismatchException>(() => SnapshotVerifier.VerifyFiles("T.M", files, _directory, accept: false));
        Assert.Contains("T.M#Gone.g.verified.cs", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("T.Other", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_snapshot_fails_and_leaves_the_verified_file_alone()
    {
        File.WriteAllText(Path.Combine(CreateDirectory(), "T.M.verified.txt"), "before\n");
        var files = new Dictionary<string, string> { ["T.M.verified.txt"] = "after\n" };

        Assert.Throws<SnapshotMismatchException>(() => SnapshotVerifier.VerifyFiles("T.M", files, _directory, accept: false));
        Assert.Equal("before\n", File.ReadAllText(Path.Combine(_directory, "T.M.verified.txt")));
        Assert.Equal("after\n", File.ReadAllText(Path.Combine(_directory, "T.M.received.txt")));
    }

    private string CreateDirectory() => Directory.CreateDirectory(_directory).FullName;
}
