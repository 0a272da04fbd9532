using AutoDiffGen.Parity.Tests.Ops;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;

namespace AutoDiffGen.Parity.Tests.Infrastructure;

/// <summary>The parity harness must fail on a wrong value, a wrong gradient or a missing gradient, or its green means nothing.</summary>
public class OpParityTests
{
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Check_ValueOffByMoreThanTheTolerance_Fails(DType dtype)
    {
        var wrong = One("exp, scaled by 1 + 1e-4", [[3, 4]], x => Tensor.Exp(x[0]) * (1 + 1e-4), x => x[0].exp());
        var failure = Assert.ThrowsAny<Exception>(() => OpParity.Check(wrong, dtype));
        Assert.Contains("output 0", failure.Message);
    }

    [Fact]
    public void Check_RightValueWrongGradient_Fails()
    {
        // exp(x) in value, but with the identity's gradient: x − detach(x) is 0 and carries gradient 1.
        var wrong = One("exp with the gradient of x", [[3, 4]],
            x => Tensor.Exp(x[0].Detach()) + (x[0] - x[0].Detach()), x => x[0].exp());
        var failure = Assert.ThrowsAny<Exception>(() => OpParity.Check(wrong, DType.Float64));
        Assert.Contains("gradient of input 0", failure.Message);
    }

    [Fact]
    public void Check_GradientMissingOnOurSide_Fails()
    {
        var wrong = One("detached exp", [[3, 4]], x => Tensor.Exp(x[0].Detach()), x => x[0].exp());
        var failure = Assert.ThrowsAny<Exception>(() => OpParity.Check(wrong, DType.Float64));
        Assert.Contains("its gradient is missing", failure.Message);
    }

    [Fact]
    public void Check_IndexOutputDiffers_Fails()
    {
        var wrong = Many("argmax vs argmin", [[3, 4]], x => [x[0].ArgMax(1)], x => [x[0].argmin(1)]) with { Differentiable = false };
        Assert.ThrowsAny<Exception>(() => OpParity.Check(wrong, DType.Float64));
    }
}
