using RedoxBuild.Image.Assembly;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>When outputs are reused, rebuilt, or someone else's file that must be kept.</summary>
public sealed class OutputStampSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("redox-stamp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Output => Path.Combine(_dir, "harddrive.img");

    private OutputStamp Stamp => new(Path.Combine(_dir, "work", "stamp.json"), [Output]);

    [Fact]
    public void A_file_there_before_any_build_is_reported_as_not_ours()
    {
        File.WriteAllText(Output, "a user's image");

        var check = Stamp.Check("inputs");

        check.UpToDate.Should().BeFalse();
        check.ChangedSinceBuilt.Should().Equal(Output);
    }

    [Fact]
    public void Recorded_outputs_with_the_same_inputs_are_up_to_date_and_with_other_inputs_are_ours_to_replace()
    {
        File.WriteAllText(Output, "built");
        Stamp.Record("inputs");

        Stamp.Check("inputs").UpToDate.Should().BeTrue();
        var changedInputs = Stamp.Check("other inputs");
        changedInputs.UpToDate.Should().BeFalse();
        changedInputs.ChangedSinceBuilt.Should().BeEmpty();
    }

    [Fact]
    public void An_output_written_after_the_build_is_not_ours_and_moves_aside_with_its_bytes()
    {
        File.WriteAllText(Output, "built");
        Stamp.Record("inputs");
        File.WriteAllText(Output, "booted and changed");

        var check = Stamp.Check("inputs");
        var aside = OutputStamp.MoveAside(check.ChangedSinceBuilt.Single(), new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

        check.UpToDate.Should().BeFalse();
        aside.Should().Be(Output + ".modified-20261121-120000");
        File.ReadAllText(aside).Should().Be("booted and changed");
        File.Exists(Output).Should().BeFalse();
    }

    [Fact]
    public void A_missing_output_is_not_up_to_date_and_nothing_to_keep()
    {
        File.WriteAllText(Output, "built");
        Stamp.Record("inputs");
        File.Delete(Output);

        Stamp.Check("inputs").Should().Match<OutputCheck>(c => !c.UpToDate && c.ChangedSinceBuilt.Count == 0);
    }
}
