namespace AutoDiffGen.Tests.ShapeOps;

/// <summary>Inputs for the shape and indexing tests.</summary>
internal static class ShapeTestData
{
    /// <summary>A float64 leaf holding 0, 1, 2, ... in row-major order, so every element names its own position.</summary>
    public static Tensor Seq(params int[] shape)
    {
        var n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        var data = new double[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = i;
        }

        return Tensor.FromArray(data, shape);
    }

    /// <summary>A float64 leaf of standard normal values that requires grad, for GradCheck.</summary>
    public static Tensor Random(int seed, params int[] shape)
        => Tensor.Randn(new Shape(shape), DType.Float64, new Generator(seed)).RequiresGrad_();

    /// <summary>An int64 tensor.</summary>
    public static Tensor Longs(long[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>
    /// The gradient of <c>sum(f(x)³)</c> with respect to x, built with createGraph so it is itself differentiable: running
    /// GradCheck on it checks the second derivative of every op in <paramref name="f"/> (PyTorch's gradgradcheck).
    /// </summary>
    public static Func<Tensor[], Tensor> GradOfCubeSum(Func<Tensor, Tensor> f) => inputs =>
    {
        // GradCheck evaluates under NoGrad; the inner gradient needs a recorded graph.
        using var scope = global::AutoDiffGen.Autograd.EnableGrad();
        var y = f(inputs[0]);
        return global::AutoDiffGen.Autograd.Grad((y * y * y).Sum(), [inputs[0]], createGraph: true)[0]!;
    };
}
