using System.Runtime.Intrinsics;
using AutoDiffGen.Fusion;

namespace AutoDiffGen.Tests.Autograd.Fusion;

/// <summary>The register-level kernels' float32 tanh and exp, against float64 System.Math.</summary>
public class FusedVectorTests
{
    [Fact]
    public void TanhIsWithinAFewUlpsEverywhere()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Assert.False(FusedVector<float>.CanRun(1024));
            return;
        }

        var random = new Random(3);
        var worst = 0.0;
        for (var i = 0; i < 300_000; i++)
        {
            // Three scales: the series region, the transition, and saturation.
            var x = (float)((random.NextDouble() - 0.5) * (i % 3 == 0 ? 0.02 : i % 3 == 1 ? 4 : 60));
            var got = FusedVector<float>.Tanh(Vector512.Create(x))[0];
            var want = Math.Tanh(x);
            worst = Math.Max(worst, Math.Abs(got - want) / Math.Max(Math.Abs(want), 1e-30));
        }

        // float32's unit roundoff is 6e-8; the 1 - 2/(e^2x + 1) form costs a few bits just above |x| = 0.5.
        Assert.True(worst < 5e-7, $"largest relative error {worst:E2}");
        Assert.Equal(0f, FusedVector<float>.Tanh(Vector512<float>.Zero)[0]);
        Assert.Equal(1f, FusedVector<float>.Tanh(Vector512.Create(20f))[0]);
        Assert.Equal(-1f, FusedVector<float>.Tanh(Vector512.Create(-100f))[0]);
        Assert.True(float.IsNaN(FusedVector<float>.Tanh(Vector512.Create(float.NaN))[0]));
    }

    [Fact]
    public void ExpIsWithinAFewUlpsAndSaturates()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return;
        }

        var random = new Random(5);
        var worst = 0.0;
        for (var i = 0; i < 300_000; i++)
        {
            var x = (float)((random.NextDouble() - 0.5) * 170);
            var want = Math.Exp(x);
            if (want is > float.MaxValue or < 1.2e-38)
            {
                continue;
            }

            var got = FusedVector<float>.Exp(Vector512.Create(x))[0];
            worst = Math.Max(worst, Math.Abs(got - want) / want);
        }

        Assert.True(worst < 2e-7, $"largest relative error {worst:E2}");
        Assert.Equal(float.PositiveInfinity, FusedVector<float>.Exp(Vector512.Create(89f))[0]);
        Assert.Equal(0f, FusedVector<float>.Exp(Vector512.Create(-100f))[0]);
        Assert.Equal(1f, FusedVector<float>.Exp(Vector512<float>.Zero)[0]);
        Assert.True(float.IsNaN(FusedVector<float>.Exp(Vector512.Create(float.NaN))[0]));
    }

    [Fact]
    public void LoadAndStoreRefuseIndicesPastTheSpan()
    {
        var data = new float[20];
        Assert.Throws<ArgumentOutOfRangeException>(() => FusedVector<float>.Load(data, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => FusedVector<float>.Store(data, 5, Vector512<float>.Zero));
        Assert.Equal(0f, FusedVector<float>.Load(data, 4)[0]);
    }
}
