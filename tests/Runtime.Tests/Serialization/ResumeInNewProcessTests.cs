using AutoDiffGen.Serialization;
using AutoDiffGen.Tests.Child;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>
/// A run with StepLR, Dropout, default-generator initialisation and a shuffling DataLoader, stopped and resumed in a
/// NEW process from the checkpoint alone, ends bit for bit where the uninterrupted run does.
/// </summary>
public class ResumeInNewProcessTests : IDisposable
{
    private const int Epochs = 6;
    private const int StopAfter = 3;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void StoppedAndResumedInANewProcessContinuesBitForBit()
    {
        var expected = TrainingRun.Run(_dir.File("unused.safetensors"), resume: false, Epochs);

        var checkpoint = _dir.File("run.safetensors");
        var output = _dir.File("resumed.safetensors");
        ChildProcess.Run("train", checkpoint, $"{Epochs}", $"{StopAfter}");
        ChildProcess.Run("resume", checkpoint, $"{Epochs}", output);

        var actual = SafeTensors.Load(output);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in expected)
        {
            Assert.Equal(tensor.ToArray<float>().Select(BitConverter.SingleToInt32Bits), actual[key].ToArray<float>().Select(BitConverter.SingleToInt32Bits));
        }

        // The checkpoint carried what makes that possible (and a run without it would differ: see below).
        var saved = Checkpoint.Load(checkpoint);
        Assert.Equal("StepLR", saved.SchedulerType);
        Assert.Equal("SGD", saved.OptimizerType);
        Assert.Equal(["default", "shuffle"], saved.Generators.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(StopAfter, saved.Scheduler["last_epoch"].Item<double>());
    }

    [Fact]
    public void ResumingWithoutTheGeneratorStatesWouldDiverge()
    {
        // Guards the test above: if the random state did not matter, bit-for-bit resumption would prove nothing.
        var expected = TrainingRun.Run(_dir.File("unused.safetensors"), resume: false, Epochs);
        var checkpoint = _dir.File("run.safetensors");
        TrainingRun.Run(checkpoint, resume: false, Epochs, stopAfter: StopAfter);

        var tensors = SafeTensors.Load(checkpoint, out var metadata);
        var withoutRng = tensors.Where(p => !p.Key.StartsWith(Checkpoint.GeneratorPrefix, StringComparison.Ordinal)).ToDictionary();
        var shuffle = tensors[Checkpoint.GeneratorPrefix + "shuffle"];
        withoutRng[Checkpoint.GeneratorPrefix + "shuffle"] = shuffle;
        SafeTensors.Save(checkpoint, withoutRng, metadata);

        var diverged = TrainingRun.Run(checkpoint, resume: true, Epochs);
        Assert.Contains(expected, p => !p.Value.ToArray<float>().SequenceEqual(diverged[p.Key].ToArray<float>()));
    }
}
