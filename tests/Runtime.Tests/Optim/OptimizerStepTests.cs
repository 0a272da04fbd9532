using AutoDiffGen.Optim;
using AutoDiffGen.Tests.Nn;

namespace AutoDiffGen.Tests.Optim;

/// <summary>
/// Each optimizer's first steps on f(θ) = Σ aᵢθᵢ⁴/4 + bᵢθᵢ (gradient aθ³ + b, shrinking as θ moves, so AMSGrad's
/// running maximum matters) against PyTorch's documented algorithm written out in plain double math.
/// </summary>
public class OptimizerStepTests
{
    private static readonly double[] A = [1.0, 2.0, 0.5];
    private static readonly double[] B = [0.3, -0.8, 1.2];
    private static readonly double[] Theta0 = [0.9, -0.4, 1.6];

    private static double[] Gradient(double[] theta) => theta.Select((t, i) => A[i] * t * t * t + B[i]).ToArray();

    /// <summary>Runs <paramref name="steps"/> steps of backward + step and returns θ after each.</summary>
    private static List<double[]> Run(Func<Tensor, Optimizer> make, int steps, DType dtype = DType.Float64)
    {
        var theta = Tensor.FromArray(Theta0).To(dtype).Detach().RequiresGrad_();
        var a = Tensor.FromArray(A).To(dtype);
        var b = Tensor.FromArray(B).To(dtype);
        var optimizer = make(theta);
        var trajectory = new List<double[]>();
        for (var s = 0; s < steps; s++)
        {
            optimizer.ZeroGrad();
            var loss = (theta * theta * theta * theta * a / 4.0 + theta * b).Sum();
            loss.Backward();
            optimizer.Step();
            trajectory.Add(theta.ToDoubleArray());
        }

        return trajectory;
    }

    /// <summary>Runs the reference update <paramref name="update"/>(θ, g, t) for the same number of steps.</summary>
    private static List<double[]> Reference(Action<double[], double[], int> update, int steps)
    {
        var theta = (double[])Theta0.Clone();
        var trajectory = new List<double[]>();
        for (var t = 1; t <= steps; t++)
        {
            update(theta, Gradient(theta), t);
            trajectory.Add((double[])theta.Clone());
        }

        return trajectory;
    }

    private static void AssertTrajectories(List<double[]> expected, List<double[]> actual, double tolerance = 1e-14)
    {
        for (var s = 0; s < expected.Count; s++)
        {
            NnAssert.Close(expected[s], actual[s], tolerance);
        }

        // The parameters must actually move, or the comparison proves nothing.
        Assert.NotEqual(Theta0, actual[^1]);
    }

    public static TheoryData<double, double, double, bool, bool> SgdCases() => new()
    {
        { 0, 0, 0, false, false },
        { 0.9, 0, 0, false, false },
        { 0.9, 0.3, 0.05, false, false },
        { 0.8, 0, 0.1, true, false },
        { 0.5, 0.1, 0.02, false, true },
    };

    [Theory]
    [MemberData(nameof(SgdCases))]
    public void SgdMatchesReference(double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
    {
        const double lr = 0.05;
        var actual = Run(p => new SGD([p], lr, momentum, dampening, weightDecay, nesterov, maximize), 3);
        double[]? buffer = null;
        var expected = Reference((theta, grad, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                grad[i] = (maximize ? -grad[i] : grad[i]) + weightDecay * theta[i];
            }

            if (momentum != 0)
            {
                buffer = buffer is null ? (double[])grad.Clone() : buffer.Select((v, i) => momentum * v + (1 - dampening) * grad[i]).ToArray();
                grad = nesterov ? grad.Select((g, i) => g + momentum * buffer[i]).ToArray() : buffer;
            }

            for (var i = 0; i < theta.Length; i++)
            {
                theta[i] -= lr * grad[i];
            }
        }, 3);
        AssertTrajectories(expected, actual);
    }

    public static TheoryData<double, bool, bool, bool> AdamCases() => new()
    {
        { 0, false, false, false },
        { 0.1, true, false, false },
        { 0.05, false, true, false },
        { 0.2, true, false, true },
        { 0.1, false, false, true },
    };

    [Theory]
    [MemberData(nameof(AdamCases))]
    public void AdamAndAdamWMatchReference(double weightDecay, bool amsgrad, bool maximize, bool decoupled)
    {
        const double lr = 0.1, beta1 = 0.8, beta2 = 0.6, eps = 1e-3;
        var actual = Run(p => decoupled
            ? new AdamW([p], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
            : new Adam([p], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize), 4);
        var m = new double[3];
        var v = new double[3];
        var vMax = new double[3];
        var expected = Reference((theta, grad, t) =>
        {
            for (var i = 0; i < 3; i++)
            {
                var g = maximize ? -grad[i] : grad[i];
                if (decoupled)
                {
                    theta[i] *= 1 - lr * weightDecay;
                }
                else
                {
                    g += weightDecay * theta[i];
                }

                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                vMax[i] = Math.Max(vMax[i], v[i]);
                var second = amsgrad ? vMax[i] : v[i];
                var denominator = Math.Sqrt(second) / Math.Sqrt(1 - Math.Pow(beta2, t)) + eps;
                theta[i] -= lr / (1 - Math.Pow(beta1, t)) * m[i] / denominator;
            }
        }, 4);
        AssertTrajectories(expected, actual, 1e-13);
    }

    [Fact]
    public void AmsgradChangesTheTrajectoryOnThisProblem()
    {
        var plain = Run(p => new Adam([p], 0.1, 0.8, 0.6, 1e-3), 4);
        var ams = Run(p => new Adam([p], 0.1, 0.8, 0.6, 1e-3, amsgrad: true), 4);
        Assert.NotEqual(plain[^1], ams[^1]);
    }

    public static TheoryData<double, double, bool, bool> RmspropCases() => new()
    {
        { 0, 0, false, false },
        { 0.05, 0, true, false },
        { 0, 0.7, false, false },
        { 0.1, 0.5, true, true },
    };

    [Theory]
    [MemberData(nameof(RmspropCases))]
    public void RmspropMatchesReference(double weightDecay, double momentum, bool centered, bool maximize)
    {
        const double lr = 0.02, alpha = 0.9, eps = 1e-4;
        var actual = Run(p => new RMSprop([p], lr, alpha, eps, weightDecay, momentum, centered, maximize), 3);
        var square = new double[3];
        var gradAvg = new double[3];
        var buffer = new double[3];
        var expected = Reference((theta, grad, _) =>
        {
            for (var i = 0; i < 3; i++)
            {
                var g = (maximize ? -grad[i] : grad[i]) + weightDecay * theta[i];
                square[i] = alpha * square[i] + (1 - alpha) * g * g;
                double avg;
                if (centered)
                {
                    gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
                    avg = Math.Sqrt(square[i] - gradAvg[i] * gradAvg[i]) + eps;
                }
                else
                {
                    avg = Math.Sqrt(square[i]) + eps;
                }

                if (momentum > 0)
                {
                    buffer[i] = momentum * buffer[i] + g / avg;
                    theta[i] -= lr * buffer[i];
                }
                else
                {
                    theta[i] -= lr * g / avg;
                }
            }
        }, 3);
        AssertTrajectories(expected, actual, 1e-13);
    }

    [Theory]
    [InlineData(0, 0, 0, false)]
    [InlineData(0.1, 0.05, 0.5, false)]
    [InlineData(0.2, 0, 0.1, true)]
    public void AdagradMatchesReference(double lrDecay, double weightDecay, double initialAccumulator, bool maximize)
    {
        const double lr = 0.3, eps = 1e-10;
        var actual = Run(p => new Adagrad([p], lr, lrDecay, weightDecay, initialAccumulator, eps, maximize), 3);
        var sum = Enumerable.Repeat(initialAccumulator, 3).ToArray();
        var expected = Reference((theta, grad, t) =>
        {
            var clr = lr / (1 + (t - 1) * lrDecay);
            for (var i = 0; i < 3; i++)
            {
                var g = (maximize ? -grad[i] : grad[i]) + weightDecay * theta[i];
                sum[i] += g * g;
                theta[i] -= clr * g / (Math.Sqrt(sum[i]) + eps);
            }
        }, 3);
        AssertTrajectories(expected, actual, 1e-13);
    }

    [Fact]
    public void Float32AdamTracksTheDoubleReferenceToSinglePrecision()
    {
        var single = Run(p => new Adam([p], 0.1, amsgrad: true, weightDecay: 0.1), 5, DType.Float32);
        var reference = Run(p => new Adam([p], 0.1, amsgrad: true, weightDecay: 0.1), 5);
        for (var s = 0; s < 5; s++)
        {
            NnAssert.Close(reference[s], single[s], 2e-6);
        }
    }
}
