using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// <c>[Differentiable(Order = 2)]</c>: the generator runs on its own pullback. Second derivatives and Hessian-vector
/// products are checked against closed forms, against float64 central differences of the generated gradient, and (for
/// tensors) against the tape's double backward.
/// </summary>
public class SecondOrderTests
{
    // Central differences of an analytic gradient: truncation O(h²), rounding O(eps/h); h = 1e-5 keeps both near 1e-9.
    private const double Step = 1e-5;

    public static readonly GeneratorCase CubeSine = new(nameof(CubeSine), """
            [Differentiable(Order = 2)]
            public static double CubeSine(double x) => x * x * x * Math.Sin(x);
        """, "CubeSine", []);

    public static readonly GeneratorCase Rosenbrock = new(nameof(Rosenbrock), """
            [Differentiable(Order = 2)]
            public static double Rosenbrock(double x0, double x1) =>
                100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);
        """, "Rosenbrock", []);

    private static readonly double[] Points = [-2.5, -1.0, -0.3, 0.0, 0.7, 1.0, 2.0, 3.1];

    [Fact]
    public void SecondDerivativeOfCubeSineMatchesTheClosedForm()
    {
        var compiled = Compile(CubeSine);
        foreach (var x in Points)
        {
            // (x³ sin x)'' = 6x sin x + 6x² cos x − x³ sin x
            var expected = 6 * x * Math.Sin(x) + 6 * x * x * Math.Cos(x) - x * x * x * Math.Sin(x);
            var actual = (double)compiled.Invoke("CubeSineSecondDerivative", x)!;
            Assert.Equal(expected, actual, 1e-12);
        }
    }

    [Fact]
    public void BackwardBackwardOfCubeSineMatchesFiniteDifferencesOfTheBackward()
    {
        var compiled = Compile(CubeSine);
        var random = new Random(3);
        foreach (var x in Points)
        {
            var gradX = random.NextDouble() + 0.5;
            var gradOutput = random.NextDouble() + 0.5;
            double Backward(double g, double at) => (double)compiled.Invoke("CubeSineBackward", g, at)!;

            var actual = CompiledCase.Elements(compiled.Invoke("CubeSineBackwardBackward", gradX, gradOutput, x));
            var dGradOutput = gradX * (Backward(gradOutput + Step, x) - Backward(gradOutput - Step, x)) / (2 * Step);
            var dx = gradX * (Backward(gradOutput, x + Step) - Backward(gradOutput, x - Step)) / (2 * Step);
            Assert.Equal(dGradOutput, (double)actual[0]!, 1e-7);
            Assert.Equal(dx, (double)actual[1]!, 1e-6);
        }
    }

    [Fact]
    public void HessianVectorProductOfRosenbrockMatchesTheClosedForm()
    {
        var compiled = Compile(Rosenbrock);
        var random = new Random(5);
        foreach (var x0 in Points)
        {
            var x1 = random.NextDouble() * 4 - 2;
            var (v0, v1) = (random.NextDouble() - 0.5, random.NextDouble() - 0.5);

            // f = 100 (x1 − x0²)² + (x0 − 1)²: H = [[1200 x0² − 400 x1 + 2, −400 x0], [−400 x0, 200]].
            var expected0 = (1200 * x0 * x0 - 400 * x1 + 2) * v0 - 400 * x0 * v1;
            var expected1 = -400 * x0 * v0 + 200 * v1;
            var actual = CompiledCase.Elements(compiled.Invoke("RosenbrockHessianVectorProduct", x0, x1, v0, v1));
            Assert.Equal(expected0, (double)actual[0]!, 1e-9);
            Assert.Equal(expected1, (double)actual[1]!, 1e-9);
        }
    }

    [Fact]
    public void BackwardBackwardOfRosenbrockMatchesFiniteDifferencesOfTheBackward()
    {
        var compiled = Compile(Rosenbrock);
        var random = new Random(9);
        for (var point = 0; point < 6; point++)
        {
            double[] x = [random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2];
            double[] grads = [random.NextDouble() - 0.5, random.NextDouble() - 0.5];
            var gradOutput = random.NextDouble() + 0.5;

            // <grads, Backward(gradOutput, x)>, whose gradient FBackwardBackward returns.
            double Loss(double g, double[] at) => CompiledCase.Elements(compiled.Invoke("RosenbrockBackward", g, at[0], at[1]))
                .Select((d, i) => grads[i] * (double)d!).Sum();

            var actual = CompiledCase.Elements(compiled.Invoke("RosenbrockBackwardBackward", grads[0], grads[1], gradOutput, x[0], x[1]))
                .Select(d => (double)d!).ToArray();
            var numeric = new double[3];
            numeric[0] = (Loss(gradOutput + Step, x) - Loss(gradOutput - Step, x)) / (2 * Step);
            for (var i = 0; i < 2; i++)
            {
                var plus = (double[])x.Clone();
                var minus = (double[])x.Clone();
                plus[i] += Step;
                minus[i] -= Step;
                numeric[i + 1] = (Loss(gradOutput, plus) - Loss(gradOutput, minus)) / (2 * Step);
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.True(Math.Abs(numeric[i] - actual[i]) <= 1e-6 + 1e-7 * Math.Abs(numeric[i]), $"output {i}: {numeric[i]} vs {actual[i]}");
            }
        }
    }

    [Fact]
    public void FirstOrderMethodsGetNoSecondOrderFile()
    {
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(Cases.Rosenbrock.Source));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("SecondOrder", StringComparison.Ordinal));
    }

    [Fact]
    public void SecondOrderFileOfRosenbrock() => Verify(Rosenbrock);

    [Fact]
    public void SecondOrderFileOfCubeSine() => Verify(CubeSine);

    private static void Verify(GeneratorCase testCase, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        Assert.Empty(GeneratorHarness.Problems(output));
        var files = GeneratorHarness.Files(result);
        var hintName = testCase.HintName.Replace(".g.cs", ".SecondOrder.g.cs");
        Assert.True(files.ContainsKey(hintName), $"{hintName} not generated; got: {string.Join(", ", files.Keys)}");
        Snapshot.Verify(files[hintName], testMethod);
    }

    private static CompiledCase Compile(GeneratorCase testCase)
    {
        var (output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        return CompiledCase.Load(output);
    }
}
