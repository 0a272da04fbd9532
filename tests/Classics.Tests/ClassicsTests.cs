using Classics.Demos;

namespace Classics.Tests;

/// <summary>Each subcommand of samples/Classics, its result pinned: converged point, loss range, accuracy.</summary>
public class ClassicsTests
{
    [Fact]
    public void RosenbrockDescendsAsDeZeroAndAsTheGeneratedGradient()
    {
        // DeZero's step 28 (10000 iterations of lr 0.001 from (0, 2)) prints the point before each update, so its last
        // line, (0.99449622, 0.98900063), is the point after 9999 updates.
        var dezero = Rosenbrock.Run(iterations: 9999);
        Assert.Equal(0.99449622, dezero.X0, 7);
        Assert.Equal(0.98900063, dezero.X1, 7);

        var tape = Rosenbrock.Run();
        Assert.True(tape.Value < 1e-4, $"f = {tape.Value}");

        // The tape and the generator's RosenbrockGradient take the same steps.
        var (g0, g1) = Rosenbrock.RunWithGeneratedGradient();
        Assert.Equal(g0, tape.X0, 9);
        Assert.Equal(g1, tape.X1, 9);
        Assert.Equal((0.0, 2.0), tape.Path[0]);
    }

    [Fact]
    public void NewtonConvergesQuadraticallyToTheMinimumAtOne()
    {
        var x = Newton.Run();

        // x₁ = 2 − f'(2)/f''(2) = 2 − (4·8 − 4·2)/(12·4 − 4) = 2 − 24/44.
        Assert.Equal(2 - 24.0 / 44, x[1], 12);
        Assert.True(Math.Abs(x[6] - 1) < 1e-10, $"x6 = {x[6]}");
        Assert.Equal(1, x[^1], 12);
        for (var i = 1; i < 5; i++)
        {
            Assert.True(x[i] < x[i - 1], "monotone from the right");
        }
    }

    [Fact]
    public void TanhDerivativesMatchTheirClosedFormsByTapeAndByGenerator()
    {
        var r = TanhDerivatives.Run(order: 4, points: 57);
        for (var i = 0; i < r.X.Length; i++)
        {
            var t = Math.Tanh(r.X[i]);
            var s = 1 - t * t;                      // tanh' = sech² = 1 − t²
            double[] expected = [t, s, -2 * t * s, -2 * s * (1 - 3 * t * t), (16 * t - 24 * t * t * t) * s];
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - r.Tape[k][i]) < 1e-12, $"derivative {k} at x = {r.X[i]}: {r.Tape[k][i]} vs {expected[k]}");
            }

            Assert.True(Math.Abs(s - r.GeneratedFirst[i]) < 1e-14);
            Assert.True(Math.Abs(-2 * t * s - r.GeneratedSecond[i]) < 1e-14);
        }
    }

    [Fact]
    public void ToDotShowsTheNamedTensorsAndTheDifferentiatedOps()
    {
        var dir = Directory.CreateTempSubdirectory("classics-dot").FullName;
        var r = ToDot.Run(dir);
        Assert.StartsWith("digraph g {", r.Dot);
        Assert.Contains("label=\"gx2\\n[] float64\"", r.Dot);
        Assert.Contains("label=\"x\\n[] float64\"", r.Dot);
        Assert.Contains("label=\"Tanh\"", r.Dot);
        Assert.Contains("label=\"Mul\"", r.Dot);
        Assert.Equal(r.Dot, File.ReadAllText(r.DotPath!));
        if (r.PngPath is not null)
        {
            AssertPng(r.PngPath);
        }
    }

    [Fact]
    public void LinearRegressionReachesTheLeastSquaresLine()
    {
        var r = LinearRegression.Run();
        Assert.Equal(r.ExactW, r.W, 3);
        Assert.Equal(r.ExactB, r.B, 3);

        // y = 5 + 2x + U(0, 1): slope 2, intercept 5.5, residual variance 1/12 ≈ 0.083, up to sampling.
        Assert.InRange(r.W, 1.6, 2.4);
        Assert.InRange(r.B, 5.3, 5.7);
        Assert.InRange(r.Loss, 0.06, 0.11);
    }

    [Fact]
    public void SinCurveNetworkFitsDownToTheNoise()
    {
        var r = SinCurve.Run();
        Assert.True(r.FirstLoss > 0.3, $"first loss {r.FirstLoss}");

        // U(0, 1) noise has variance 1/12 ≈ 0.083: a good fit ends just above it.
        Assert.InRange(r.FinalLoss, 0.06, 0.1);
        var peak = Array.IndexOf(r.GridY, r.GridY.Max());
        Assert.InRange(r.GridX[peak], 0.15, 0.35);   // sin(2πx) peaks at x = 0.25
    }

    [Fact]
    public void SpiralClassifierSeparatesTheThreeArms()
    {
        var r = Spiral.Run();
        Assert.True(r.FirstEpochLoss > 1.0, $"first epoch loss {r.FirstEpochLoss}");
        Assert.True(r.FinalEpochLoss < 0.2, $"final epoch loss {r.FinalEpochLoss}");
        Assert.True(r.Accuracy >= 0.9, $"accuracy {r.Accuracy}");
    }

    [Fact]
    public void LogisticRegressionWithABiasColumnSeparatesTheBlobs()
    {
        var r = LogisticRegression.Run();
        Assert.Equal(3, r.Weights.Length);
        Assert.True(r.Weights[0] > 0 && r.Weights[1] > 0, "the blobs lie along the diagonal");
        Assert.True(r.FinalLoss < 0.1, $"loss {r.FinalLoss}");
        Assert.True(r.Accuracy >= 0.95, $"accuracy {r.Accuracy}");
    }

    [Fact]
    public void GradflowRegressionFitsTheSquaredTargetWithClipping()
    {
        var r = GradflowRegression.Run();
        Assert.True(r.FirstLoss > 0.5, $"first loss {r.FirstLoss}");
        Assert.True(r.FinalLoss < 0.15, $"final loss {r.FinalLoss}");
        Assert.True(r.RSquared > 0.85, $"R² {r.RSquared}");
        Assert.InRange(r.ClippedSteps, 1, r.Steps);

        // The target is a square: a straight line explains far less of it.
        var (x, y) = GradflowRegression.Dataset();
        var (w, b) = LinearRegression.LeastSquares(x.ToArray<double>(), y.ToArray<double>());
        var ys = y.ToArray<double>();
        var xs = x.ToArray<double>();
        var residual = xs.Zip(ys).Sum(p => Math.Pow(p.Second - (w * p.First + b), 2));
        var total = ys.Sum(v => v * v);
        Assert.True(1 - residual / total < r.RSquared - 0.3, $"line R² {1 - residual / total}");
    }

    [Fact]
    public void PlotsAreWrittenAsPng()
    {
        var dir = Directory.CreateTempSubdirectory("classics-plots").FullName;
        Newton.Run(iterations: 3, output: dir);
        LinearRegression.Run(iterations: 5, output: dir);
        TanhDerivatives.Run(order: 2, points: 11, output: dir);
        AssertPng(Path.Combine(dir, "newton.png"));
        AssertPng(Path.Combine(dir, "linear_regression.png"));
        AssertPng(Path.Combine(dir, "tanh.png"));
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
