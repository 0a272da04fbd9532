using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Loops in generated code: each case compiles cleanly, and its backward, gradient and tape node agree with float64
/// central differences of the forward method, at several trip counts including zero.
/// </summary>
public class LoopTests
{
    private const double Step = 1e-6;
    private const double AbsoluteTolerance = 1e-6;
    private const double RelativeTolerance = 1e-5;

    public static TheoryData<string> ScalarNames => LoopCases.ScalarNames;

    public static TheoryData<string> Names => new(LoopCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedCodeCompilesWithoutDiagnostics(string name)
    {
        var testCase = LoopCases.ByName(name);
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == testCase.HintName);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [MemberData(nameof(ScalarNames))]
    public void ScalarBackwardMatchesFiniteDifferences(string name) =>
        GeneratedCodeTests.CheckScalar(Compile(LoopCases.ByName(name)), LoopCases.ByName(name));

    public static TheoryData<string> DoubleNames => LoopCases.DoubleNames;

    [Theory]
    [MemberData(nameof(DoubleNames))]
    public void EveryTripCountIncludingZeroMatchesFiniteDifferences(string name)
    {
        var testCase = LoopCases.ByName(name);
        var compiled = Compile(testCase);
        var parameters = compiled.Method(testCase.Method).GetParameters();
        for (var trips = 0; trips <= 6; trips++)
        {
            var args = parameters.Select((p, i) => p.ParameterType == typeof(int) ? (object)trips : 0.3 + (0.2 * i)).ToArray();
            CheckScalarAt(compiled, testCase.Method, args, $"{name} with int arguments {trips}");
        }
    }

    [Fact]
    public void PowerSeriesIsExpAndSoIsItsDerivative()
    {
        var compiled = Compile(LoopCases.PowerSeries);
        foreach (var x in new[] { -1.0, -0.3, 0.0, 0.4, 1.0 })
        {
            // 20 terms of exp's series: the remainder x^21/21! is below 1e-19 for |x| <= 1.
            var (value, dx) = ((double, double))compiled.Invoke("ExpSeriesGradient", x, 20)!;
            Assert.Equal(Math.Exp(x), value, 1e-14);

            // d/dx of the truncated series is the series one term shorter: x^20/20! off, below 1e-18.
            Assert.Equal(Math.Exp(x), dx, 1e-14);
            Assert.Equal(Math.Exp(x), (double)compiled.Invoke("ExpSeriesBackward", 1.0, x, 20)!, 1e-14);
        }

        // Zero trips: the loop never runs, so the value is the initial 1 and nothing depends on x.
        Assert.Equal((1.0, 0.0), ((double, double))compiled.Invoke("ExpSeriesGradient", 0.7, 0)!);
    }

    [Fact]
    public void ScalarGradientWithALoopAllocatesNothing()
    {
        var compiled = Compile(LoopCases.PowerSeries);
        var gradient = compiled.Method("ExpSeriesGradient").CreateDelegate<Func<double, int, (double, double)>>();
        for (var i = 0; i < 100; i++)
        {
            gradient(0.5, 20);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            var (value, dx) = gradient(0.5 + (i * 1e-5), 20);
            sum += value + dx;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void ForEachOverDoublesMatchesFiniteDifferences()
    {
        var compiled = Compile(LoopCases.ForEachDouble);
        foreach (var xs in new[] { new[] { 0.3, -0.7, 1.1, 0.2 }, new[] { 2.0 }, Array.Empty<double>() })
        {
            CheckScalarAt(compiled, "ForEachDouble", [xs, 0.8, -0.4], $"ForEachDouble over {xs.Length} elements");
        }

        // No elements: the result is c, so dc = 1 and dw = 0.
        Assert.Equal((-0.4, 0.0, 1.0), ((double, double, double))compiled.Invoke("ForEachDoubleGradient", Array.Empty<double>(), 0.8, -0.4)!);
    }

    [Fact]
    public void RnnOverFiveStepsMatchesFiniteDifferencesAndItsNode()
    {
        var compiled = Compile(LoopCases.Rnn);
        var random = new Random(5);
        var xs = TensorArray(compiled, Enumerable.Range(0, 5).Select(_ => RandomTensor(compiled, random, [2, 3])));
        var args = new object?[] { xs, RandomTensor(compiled, random, [3, 4]), RandomTensor(compiled, random, [4, 4]), RandomTensor(compiled, random, [4]), RandomTensor(compiled, random, [2, 4]) };
        CheckTensorAt(compiled, "Rnn", args, [1, 2, 3, 4], random);
        CheckNode(compiled, "Rnn", args, [1, 2, 3, 4], random);
    }

    [Fact]
    public void RnnOverZeroStepsPassesTheGradientToTheInitialState()
    {
        var compiled = Compile(LoopCases.Rnn);
        var random = new Random(6);
        var (wx, wh, b, h0) = (RandomTensor(compiled, random, [3, 4]), RandomTensor(compiled, random, [4, 4]), RandomTensor(compiled, random, [4]), RandomTensor(compiled, random, [2, 4]));
        var upstream = RandomTensor(compiled, random, [2, 4]);
        var gradients = CompiledCase.Elements(compiled.Invoke("RnnBackward", upstream, Array.CreateInstance(compiled.Tensor, 0), wx, wh, b, h0));
        Assert.All(gradients.Take(3), g => Assert.All(compiled.Data(g!), v => Assert.Equal(0.0, v)));
        Assert.Equal(compiled.Data(upstream), compiled.Data(gradients[3]!));
        Assert.Equal([3, 4], compiled.Shape(gradients[0]!));
    }

    [Fact]
    public void ForEachOverTensorsMatchesFiniteDifferencesAndItsNode()
    {
        var compiled = Compile(LoopCases.ForEachTensor);
        var random = new Random(8);
        foreach (var count in new[] { 4, 1, 0 })
        {
            // Each x broadcasts against w and h0 ([2, 3] against [3]), so h changes shape after the first iteration.
            var xs = TensorArray(compiled, Enumerable.Range(0, count).Select(_ => RandomTensor(compiled, random, [2, 3])));
            var args = new object?[] { xs, RandomTensor(compiled, random, [3]), RandomTensor(compiled, random, [3]) };
            CheckTensorAt(compiled, "ForEachTensor", args, [1, 2], random);

            // With no elements the method returns h0 itself: its node gets a tensor of its own over h0's storage.
            CheckNode(compiled, "ForEachTensor", args, [1, 2], random);
        }
    }

    private static CompiledCase Compile(GeneratorCase testCase)
    {
        var (output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        return CompiledCase.Load(output);
    }

    /// <summary>Backward and gradient of a scalar method at <paramref name="args"/> against central differences in each double argument.</summary>
    private static void CheckScalarAt(CompiledCase compiled, string method, object[] args, string what)
    {
        var forward = compiled.Method(method);
        var differentiable = args.Select((a, i) => (a, i)).Where(x => x.a is double).Select(x => x.i).ToList();
        const double upstream = 0.75;
        var backward = CompiledCase.Elements(compiled.Invoke(method + "Backward", [upstream, .. args]));
        var gradient = CompiledCase.Elements(compiled.Invoke(method + "Gradient", args));
        Assert.Equal((double)forward.Invoke(null, args)!, (double)gradient[0]!, 12);
        for (var k = 0; k < differentiable.Count; k++)
        {
            var i = differentiable[k];
            var plus = (object[])args.Clone();
            var minus = (object[])args.Clone();
            plus[i] = (double)args[i] + Step;
            minus[i] = (double)args[i] - Step;
            var numeric = upstream * ((double)forward.Invoke(null, plus)! - (double)forward.Invoke(null, minus)!) / (2 * Step);
            AssertClose(numeric, (double)backward[k]!, $"{what}: d/d{forward.GetParameters()[i].Name}");
            AssertClose(upstream * (double)gradient[k + 1]!, (double)backward[k]!, $"{what}: gradient vs backward");
        }
    }

    /// <summary>The backward of a tensor method, for a random upstream gradient, against central differences of every element of the given inputs.</summary>
    private static void CheckTensorAt(CompiledCase compiled, string method, object?[] args, int[] differentiable, Random random)
    {
        var forward = compiled.Method(method);
        var output = forward.Invoke(null, args)!;
        var upstreamData = compiled.Data(output).Select(_ => random.NextDouble() - 0.5).ToArray();
        var upstream = compiled.NewTensor(upstreamData, compiled.Shape(output));
        double Loss(object?[] a) => compiled.Data(forward.Invoke(null, a)!).Zip(upstreamData, (y, g) => y * g).Sum();

        var backward = CompiledCase.Elements(compiled.Invoke(method + "Backward", [upstream, .. args]));
        Assert.Equal(differentiable.Length, backward.Length);
        for (var k = 0; k < differentiable.Length; k++)
        {
            var i = differentiable[k];
            var data = compiled.Data(args[i]!);
            var shape = compiled.Shape(args[i]!);
            var analytic = compiled.Data(backward[k]!);
            Assert.Equal(data.Length, analytic.Length);
            for (var e = 0; e < data.Length; e++)
            {
                var plus = (object?[])args.Clone();
                var minus = (object?[])args.Clone();
                plus[i] = compiled.NewTensor(Perturb(data, e, Step), shape);
                minus[i] = compiled.NewTensor(Perturb(data, e, -Step), shape);
                AssertClose((Loss(plus) - Loss(minus)) / (2 * Step), analytic[e], $"{method}: d/d{forward.GetParameters()[i].Name}[{e}]");
            }
        }
    }

    /// <summary><c>FNode</c> records one node whose tape backward gives the generated backward's gradients.</summary>
    private static void CheckNode(CompiledCase compiled, string method, object?[] args, int[] differentiable, Random random)
    {
        var inputs = (object?[])args.Clone();
        foreach (var i in differentiable)
        {
            inputs[i] = compiled.NewTensor(compiled.Data(args[i]!), compiled.Shape(args[i]!));
            compiled.Tensor.GetProperty("RequiresGrad")!.SetValue(inputs[i], true);
        }

        var output = compiled.Invoke(method + "Node", inputs)!;
        var gradFn = compiled.Tensor.GetProperty("GradFn")!.GetValue(output)!;
        Assert.Equal(method, gradFn.GetType().GetProperty("Name")!.GetValue(gradFn));
        var upstream = compiled.NewTensor(compiled.Data(output).Select(_ => random.NextDouble() - 0.5).ToArray(), compiled.Shape(output));
        var backwardMethod = compiled.Tensor.GetMethods().First(m => m.Name == "Backward" && m.GetParameters().Length >= 1);
        backwardMethod.Invoke(output, [upstream, .. backwardMethod.GetParameters().Skip(1).Select(p => p.DefaultValue)]);

        var expected = CompiledCase.Elements(compiled.Invoke(method + "Backward", [upstream, .. args]));
        for (var k = 0; k < differentiable.Length; k++)
        {
            var grad = compiled.Tensor.GetProperty("Grad")!.GetValue(inputs[differentiable[k]]);
            Assert.NotNull(grad);
            Assert.Equal(compiled.Data(expected[k]!), compiled.Data(grad!));
        }
    }

    private static object RandomTensor(CompiledCase compiled, Random random, int[] shape)
    {
        var data = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => random.NextDouble() - 0.5).ToArray();
        return compiled.NewTensor(data, shape);
    }

    private static Array TensorArray(CompiledCase compiled, IEnumerable<object> tensors)
    {
        var items = tensors.ToArray();
        var array = Array.CreateInstance(compiled.Tensor, items.Length);
        Array.Copy(items, array, items.Length);
        return array;
    }

    private static double[] Perturb(double[] data, int index, double delta)
    {
        var copy = (double[])data.Clone();
        copy[index] += delta;
        return copy;
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: finite differences {expected}, generated {actual}");
    }
}
