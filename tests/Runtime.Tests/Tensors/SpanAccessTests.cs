using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Tensors;

using Autograd = global::AutoDiffGen.Autograd;

public class SpanAccessTests
{
    [Fact]
    public void ACustomOptimizerUpdatesAParameterThroughItsSpan()
    {
        var w = Tensor.FromArray(new float[] { 1, 2, 3 }).RequiresGrad_();
        (w * w).Sum().Backward();
        using (Autograd.NoGrad())
        {
            var p = w.AsSpan<float>();
            var g = w.Grad!.AsReadOnlySpan<float>();
            for (var i = 0; i < p.Length; i++)
            {
                p[i] -= 0.25f * g[i];
            }
        }

        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, w.ToArray<float>());
    }

    [Fact]
    public void SpansNeedTheRightElementTypeAndAContiguousTensor()
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        Throws<InvalidOperationException>(() => x.AsSpan<float>(), "AsSpan<Single>", "float64", "double");
        Throws<InvalidOperationException>(() => x.T.AsReadOnlySpan<double>(), "AsReadOnlySpan", "not contiguous", "Contiguous()");
        Assert.Equal(3, x[1].AsReadOnlySpan<double>().Length);
        x[1].AsSpan<double>()[2] = 9;
        Assert.Equal(9, x[1, 2].Item<double>());
    }
}
