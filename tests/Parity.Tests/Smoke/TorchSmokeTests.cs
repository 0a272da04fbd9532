using AutoDiffGen.Parity.Tests.Infrastructure;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Smoke;

/// <summary>Proves libtorch loads and its autograd runs in this test process, before any parity test relies on it.</summary>
public class TorchSmokeTests
{
    [Fact]
    public void ExpSumBackward_GradientIsExp()
    {
        double[] x = [-3.0, -0.5, 0.0, 0.25, 1.0, 2.5];
        using var input = TorchTensors.FromArray(x, [2, 3], requiresGrad: true);

        using var loss = input.exp().sum();
        loss.backward();

        // d/dx sum(exp(x)) = exp(x), so both the value and the gradient follow from Math.Exp alone.
        double[] expected = x.Select(Math.Exp).ToArray();
        ParityAssert.AllClose([expected.Sum()], [loss.item<double>()], rtol: 1e-12, what: "sum(exp(x))");
        using var grad = input.grad ?? throw new InvalidOperationException("backward() left no gradient on the input.");
        Assert.Equal(new long[] { 2, 3 }, grad.shape);
        ParityAssert.AllClose(expected, TorchTensors.ToDoubleArray(grad), rtol: 1e-12, what: "grad of sum(exp(x))");
    }
}
