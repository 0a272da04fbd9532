using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Infrastructure;

public class TorchTensorsTests
{
    [Fact]
    public void FromArray_ToArray_RoundTripsRowMajor()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        using var t = TorchTensors.FromArray(data, [2, 3]);

        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(6f, t[1, 2].item<float>());
        Assert.Equal(data, TorchTensors.ToFloatArray(t));
    }

    [Fact]
    public void ToDoubleArray_OfTransposedView_IsRowMajorOfTheView()
    {
        using var t = TorchTensors.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var transposed = t.t();

        Assert.False(transposed.is_contiguous());
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, TorchTensors.ToDoubleArray(transposed));
    }

    [Fact]
    public void FromArray_WrongElementCount_NamesLengthAndShape()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchTensors.FromArray(new float[5], [2, 3]));
        Assert.Contains("5 elements cannot fill shape [2, 3] (6 elements)", error.Message);
    }

    [Fact]
    public void ToFloatArray_OfFloat64_NamesDType()
    {
        using var t = TorchTensors.FromArray(new double[] { 1 }, [1]);
        var error = Assert.Throws<ArgumentException>(() => TorchTensors.ToFloatArray(t));
        Assert.Contains("expected a Float32 tensor, got Float64", error.Message);
    }

    [Fact]
    public void FromArray_EmptyShape_IsZeroDimensional()
    {
        using var t = TorchTensors.FromArray(new float[] { 2.5f }, []);

        Assert.Empty(t.shape);
        Assert.Equal(2.5f, t.item<float>());
    }
}
