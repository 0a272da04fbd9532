namespace AutoDiffGen.Tests.Ops;

/// <summary>Shared helpers for the op tests: reproducible inputs, elementwise reference checks and gradient checks.</summary>
internal static class OpAssert
{
    /// <summary>A float64 leaf that requires grad, uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(int[] shape, long seed, double low = -2, double high = 2)
        => (Tensor.Rand(new Shape(shape), DType.Float64, new Generator(seed)) * (high - low) + low).RequiresGrad_();

    /// <summary>A float64 leaf that requires grad, with magnitudes in [0.2, 2] and random signs: clear of kinks at 0.</summary>
    public static Tensor AwayFromZero(int[] shape, long seed)
    {
        var u = Tensor.Rand(new Shape(shape), DType.Float64, new Generator(seed)).ToArray<double>();
        var values = u.Select((v, i) => (i % 2 == 0 ? 1 : -1) * (0.2 + 1.8 * v)).ToArray();
        return Tensor.FromArray(values, shape).RequiresGrad_();
    }

    /// <summary>A float64 leaf that requires grad, holding <paramref name="values"/>.</summary>
    public static Tensor Leaf(double[] values, params int[] shape) => Tensor.FromArray(values, shape).RequiresGrad_();

    /// <summary>Gradient check of <paramref name="f"/> at <paramref name="inputs"/> (float64 central differences vs the tape).</summary>
    public static void Grad(Func<Tensor[], Tensor> f, params Tensor[] inputs) => GradCheck.Check(f, inputs);

    /// <summary>
    /// Gradient check of the gradient: differentiates x ↦ ∂(Σ f(x)·w)/∂x, computed with createGraph, so the op's backward
    /// rule must itself be differentiable (second derivatives).
    /// </summary>
    public static void SecondGrad(Func<Tensor, Tensor> f, Tensor x)
    {
        var w = Tensor.Randn(f(x).Shape, DType.Float64, new Generator(99));
        GradCheck.Check(inputs =>
        {
            using var _ = AutoDiffGen.Autograd.EnableGrad();
            var y = (f(inputs[0]) * w).Sum();
            return AutoDiffGen.Autograd.Grad(y, [inputs[0]], createGraph: true)[0]!;
        }, [x]);
    }

    /// <summary>Checks <paramref name="op"/> against <paramref name="reference"/> on every value, in float32 and float64.</summary>
    public static void Unary(Func<Tensor, Tensor> op, Func<double, double> reference, params double[] values)
    {
        var expected = values.Select(reference).ToArray();
        var d = op(Tensor.FromArray(values, 2, values.Length / 2));
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new Shape(2, values.Length / 2), d.Shape);
        Close(expected, d.ToArray<double>(), 1e-12);
        var f = op(Tensor.FromArray(values.Select(v => (float)v).ToArray()));
        Assert.Equal(DType.Float32, f.DType);
        Close(values.Select(v => reference((float)v)).ToArray(), f.ToArray<float>().Select(v => (double)v).ToArray(), 1e-5);
    }

    /// <summary>Elementwise |expected − actual| ≤ tol · max(1, |expected|), with NaN matching NaN and infinities exactly.</summary>
    public static void Close(double[] expected, double[] actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var ok = double.IsNaN(e) ? double.IsNaN(a) : double.IsInfinity(e) ? e == a : Math.Abs(e - a) <= tol * Math.Max(1, Math.Abs(e));
            Assert.True(ok, $"element {i}: expected {e:R}, got {a:R}");
        }
    }

    /// <summary>The values of a tensor of any float dtype as doubles.</summary>
    public static double[] Values(Tensor t) => t.ToDoubleArray();

    /// <summary>Asserts that <paramref name="action"/> throws <typeparamref name="TException"/> whose message contains every fragment.</summary>
    public static TException Throws<TException>(Action action, params string[] fragments)
        where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }

        return e;
    }
}
