using AutoDiffGen.Serialization;
using AutoDiffGen.Tests.Child;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>
/// kill -9 during checkpoint saves: a child process saves in a loop and is killed with SIGKILL at random moments; every
/// kill must leave a loadable, consistent last checkpoint and, once it is loaded, no temporary file.
/// </summary>
public class CheckpointKillTests : IDisposable
{
    private const int Kills = 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EveryKillLeavesALoadableConsistentCheckpointAndNoTemporaryFile()
    {
        var path = _dir.File("loop.safetensors");
        var random = new Random(31);
        var staleSeen = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            using var child = ChildProcess.Start("save-loop", path);

            // Wait for the first complete save of this child, then let it run into a random point of a later one.
            var first = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (first is null)
            {
                Assert.Fail($"kill {kill}: the writer exited early: {await child.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(random.Next(0, 40));
            child.Kill();
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var rest = await child.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var lines = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var lastReported = lines.Length > 0 ? int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture) : int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);

            staleSeen += _dir.FileNames().Count(n => n.EndsWith(".tmp", StringComparison.Ordinal));

            // The file holds one whole save: the last one reported, or the next one if the kill came after its rename.
            var checkpoint = Checkpoint.Load(path);
            Assert.InRange(checkpoint.Epoch, lastReported, lastReported + 1);
            var expected = SaveLoop.State(checkpoint.Epoch);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), checkpoint.Model.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, tensor) in expected)
            {
                Assert.Equal(tensor.ToArray<float>(), checkpoint.Model[key].ToArray<float>());
            }

            Assert.Equal(["loop.safetensors"], _dir.FileNames());
        }

        // Most kills land inside a save (the write dominates the loop), so the clean-up above was really exercised.
        Assert.True(staleSeen > 0, "no kill left a temporary file behind, so the clean-up was never tested");
    }

    [Fact]
    public void AStaleTemporaryFileIsRemovedByTheNextSaveOrLoadButALiveWritersIsNot()
    {
        var path = _dir.File("ckpt.safetensors");
        Checkpoint.Save(path, SaveLoop.State(1));
        var stale = _dir.File(".ckpt.safetensors.0123456789abcdef0123456789abcdef.tmp");
        var other = _dir.File(".other.safetensors.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(stale, new byte[100]);
        File.WriteAllBytes(other, new byte[100]);

        Checkpoint.Load(path);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(other), "only temporary files of the checkpoint being loaded are removed");

        File.WriteAllBytes(stale, new byte[100]);
        Checkpoint.Save(path, SaveLoop.State(2));
        Assert.False(File.Exists(stale));

        // A writer still holding its temporary file (exclusively, as AtomicFile writes) keeps it.
        using (var live = new FileStream(stale, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Checkpoint.Load(path);
            Assert.True(File.Exists(stale));
        }

        Checkpoint.Load(path);
        Assert.False(File.Exists(stale));
    }
}
