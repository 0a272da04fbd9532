using AutoDiffGen.Serialization;

namespace AutoDiffGen.Tests.Serialization;

public class CheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, Tensor> ModelState() => new()
    {
        ["fc1.weight"] = Tensor.FromArray(new float[] { 0.5f, -1.25f, 2f, 3.5f }, 2, 2),
        ["fc1.bias"] = Tensor.FromArray(new float[] { 0.1f, 0.2f }),
    };

    // Shaped like Optimizer.StateDict(): buffers as tensors, hyperparameters and steps as 0-d float64 tensors.
    private static Dictionary<string, Tensor> OptimizerState() => new()
    {
        ["state.0.step"] = Tensor.Scalar(3.0),
        ["state.0.exp_avg"] = Tensor.FromArray(new float[] { 1e-3f, -2e-3f, 3e-3f, 4e-3f }, 2, 2),
        ["state.0.exp_avg_sq"] = Tensor.FromArray(new float[] { 1e-6f, 4e-6f, 9e-6f, 1.6e-5f }, 2, 2),
        ["param_groups.0.lr"] = Tensor.Scalar(0.1),
        ["param_groups.0.eps"] = Tensor.Scalar(1e-8),
        ["param_groups.0.beta1"] = Tensor.Scalar(0.9),
        ["param_groups.0.params"] = Tensor.FromArray(new long[] { 0, 1 }),
    };

    [Fact]
    public void RoundTripRestoresModelOptimizerEpochAndMetadata()
    {
        var path = _dir.File("ckpt.safetensors");
        var model = ModelState();
        var optimizer = OptimizerState();

        Checkpoint.Save(path, model, optimizer, epoch: 7, new Dictionary<string, string> { ["run"] = "abc" });
        var loaded = Checkpoint.Load(path);

        Assert.Equal(7, loaded.Epoch);
        Assert.Equal(new Dictionary<string, string> { ["run"] = "abc" }, loaded.Metadata);
        AssertSameTensors(model, loaded.Model);
        AssertSameTensors(optimizer, loaded.Optimizer);
    }

    [Fact]
    public void ScalarHyperparametersGoToMetadataAndModelKeysStayPlain()
    {
        var path = _dir.File("ckpt.safetensors");
        Checkpoint.Save(path, ModelState(), OptimizerState(), epoch: 2);

        var tensors = SafeTensors.Load(path, out var metadata);

        // The model's weights load as they are; the optimizer's tensors sit under a prefix.
        Assert.Equal(
            new[] { "fc1.bias", "fc1.weight", "optimizer.param_groups.0.params", "optimizer.state.0.exp_avg", "optimizer.state.0.exp_avg_sq" },
            tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("0.1", metadata["optimizer.param_groups.0.lr"]);
        Assert.Equal("1E-08", metadata["optimizer.param_groups.0.eps"]);
        Assert.Equal("3", metadata["optimizer.state.0.step"]);
        Assert.Equal("2", metadata["epoch"]);
        Assert.Equal("pt", metadata["format"]);
    }

    [Fact]
    public void ModelOnlyCheckpointHasAnEmptyOptimizerState()
    {
        var path = _dir.File("weights.safetensors");
        Checkpoint.Save(path, ModelState());

        var loaded = Checkpoint.Load(path);

        Assert.Empty(loaded.Optimizer);
        Assert.Equal(0, loaded.Epoch);
        AssertSameTensors(ModelState(), loaded.Model);
    }

    [Fact]
    public void RejectsReservedNames()
    {
        var path = _dir.File("bad.safetensors");
        var model = ModelState();
        model["optimizer.x"] = Tensor.Zeros(1);

        Assert.Contains("reserved for the optimizer", Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, model)).Message);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(
            () => Checkpoint.Save(path, ModelState(), metadata: new Dictionary<string, string> { ["epoch"] = "1" })).Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void RejectsAMalformedEpoch()
    {
        var path = _dir.File("epoch.safetensors");
        SafeTensors.Save(path, ModelState(), new Dictionary<string, string> { ["epoch"] = "two" });

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("\"two\"", error.Message);
    }

    private static void AssertSameTensors(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, e) in expected)
        {
            var a = actual[key];
            Assert.Equal(e.DType, a.DType);
            Assert.Equal(e.Shape, a.Shape);
            Assert.Equal(e.ToDoubleArray(), a.ToDoubleArray());
        }
    }
}
