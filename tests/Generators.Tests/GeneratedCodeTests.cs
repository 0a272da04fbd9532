using System.Reflection;
using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Every case's generated code compiles with zero diagnostics, runs, and its backward agrees with float64 central
/// finite differences; scalar gradients agree with the backward; tensor nodes record one node on the tape.
/// </summary>
public class GeneratedCodeTests
{
    // Central differences have truncation error O(h²) and rounding error O(eps/h); h = 1e-6 balances both near 1e-10.
    private const double Step = 1e-6;
    private const double AbsoluteTolerance = 1e-6;
    private const double RelativeTolerance = 1e-5;

    public static TheoryData<string> Names => Cases.Names;

    // WithoutDerivative's backward deliberately differs from the function's finite differences; it has its own test.
    public static TheoryData<string> ScalarNames => new(Cases.All.Where(c => c.TensorShapes.Length == 0 && c != Cases.WithoutDerivative).Select(c => c.Name));

    public static TheoryData<string> TensorNames => new(Cases.All.Where(c => c.TensorShapes.Length > 0).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedCodeCompilesWithoutDiagnostics(string name)
    {
        var testCase = Cases.ByName(name);
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == testCase.HintName);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [MemberData(nameof(ScalarNames))]
    public void ScalarBackwardMatchesFiniteDifferences(string name) => CheckScalar(Compile(Cases.ByName(name)), Cases.ByName(name));

    /// <summary>The scalar case's backward against central differences, and its gradient against its backward and value.</summary>
    internal static void CheckScalar(CompiledCase compiled, GeneratorCase testCase)
    {
        var name = testCase.Name;
        var forward = compiled.Method(testCase.Method);
        var parameters = forward.GetParameters();
        var differentiable = DifferentiableIndices(parameters, isTensor: false);
        var random = new Random(7);
        var isSingle = forward.ReturnType == typeof(float) || parameters.Any(p => p.ParameterType == typeof(float));

        // float32 code is checked at float32 precision: a float64-sized step would vanish in float32 rounding.
        var step = isSingle ? 1e-2 : Step;
        var tolerance = isSingle ? 2e-3 : AbsoluteTolerance;

        for (var point = 0; point < 4; point++)
        {
            var args = parameters.Select(p => SampleScalar(p.ParameterType, random, testCase)).ToArray();
            var upstream = 0.5 + random.NextDouble();
            var backward = CompiledCase.Elements(compiled.Invoke(testCase.Method + "Backward", [Convert(upstream, forward.ReturnType), .. args]));
            Assert.Equal(differentiable.Count, backward.Length);

            for (var k = 0; k < differentiable.Count; k++)
            {
                var i = differentiable[k];
                var plus = (object[])args.Clone();
                var minus = (object[])args.Clone();
                plus[i] = Convert(System.Convert.ToDouble(args[i]) + step, parameters[i].ParameterType);
                minus[i] = Convert(System.Convert.ToDouble(args[i]) - step, parameters[i].ParameterType);
                var stepTaken = System.Convert.ToDouble(plus[i]) - System.Convert.ToDouble(minus[i]);
                var numeric = upstream * (System.Convert.ToDouble(forward.Invoke(null, plus)) - System.Convert.ToDouble(forward.Invoke(null, minus))) / stepTaken;
                var analytic = System.Convert.ToDouble(backward[k]);
                AssertClose(numeric, analytic, tolerance, $"{name}: d/d{parameters[i].Name} at ({string.Join(", ", args)})");
            }

            var gradient = CompiledCase.Elements(compiled.Invoke(testCase.Method + "Gradient", args));
            Assert.Equal(System.Convert.ToDouble(forward.Invoke(null, args)), System.Convert.ToDouble(gradient[0]), 12);
            var unitBackward = CompiledCase.Elements(compiled.Invoke(testCase.Method + "Backward", [Convert(1.0, forward.ReturnType), .. args]));
            for (var k = 0; k < differentiable.Count; k++)
            {
                AssertClose(System.Convert.ToDouble(unitBackward[k]), System.Convert.ToDouble(gradient[k + 1]), 1e-12, $"{name}: gradient vs backward");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TensorNames))]
    public void TensorBackwardMatchesFiniteDifferences(string name) => CheckTensor(Compile(Cases.ByName(name)), Cases.ByName(name));

    /// <summary>The tensor case's backward, for a random upstream gradient, against central differences of every input element.</summary>
    internal static void CheckTensor(CompiledCase compiled, GeneratorCase testCase)
    {
        var name = testCase.Name;
        var forward = compiled.Method(testCase.Method);
        var parameters = forward.GetParameters();
        var differentiable = DifferentiableIndices(parameters, isTensor: true);
        var random = new Random(11);
        var (args, data) = TensorArguments(compiled, testCase, parameters, random);

        var output = forward.Invoke(null, args)!;
        var upstreamData = compiled.Data(output).Select(_ => random.NextDouble() - 0.5).ToArray();
        var upstream = compiled.NewTensor(upstreamData, compiled.Shape(output));
        double Loss(object?[] a) => compiled.Data(forward.Invoke(null, a)!).Zip(upstreamData, (y, g) => y * g).Sum();

        var backward = CompiledCase.Elements(compiled.Invoke(testCase.Method + "Backward", [upstream, .. args]));
        Assert.Equal(differentiable.Count, backward.Length);
        for (var k = 0; k < differentiable.Count; k++)
        {
            var i = differentiable[k];
            var analytic = compiled.Data(backward[k]!);
            Assert.Equal(data[i].Length, analytic.Length);
            for (var e = 0; e < data[i].Length; e++)
            {
                var plus = (object?[])args.Clone();
                var minus = (object?[])args.Clone();
                plus[i] = compiled.NewTensor(Perturb(data[i], e, Step), testCase.TensorShapes[TensorIndex(parameters, i)]);
                minus[i] = compiled.NewTensor(Perturb(data[i], e, -Step), testCase.TensorShapes[TensorIndex(parameters, i)]);
                var numeric = (Loss(plus) - Loss(minus)) / (2 * Step);
                AssertClose(numeric, analytic[e], AbsoluteTolerance, $"{name}: d/d{parameters[i].Name}[{e}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TensorNames))]
    public void NodeRecordsOneNodeWhoseBackwardIsTheGeneratedOne(string name)
    {
        var testCase = Cases.ByName(name);
        var compiled = Compile(testCase);
        var forward = compiled.Method(testCase.Method);
        var parameters = forward.GetParameters();
        var differentiable = DifferentiableIndices(parameters, isTensor: true);
        var random = new Random(13);
        var (args, _) = TensorArguments(compiled, testCase, parameters, random);
        foreach (var i in differentiable)
        {
            compiled.Tensor.GetProperty("RequiresGrad")!.SetValue(args[i], true);
        }

        var output = compiled.Invoke(testCase.Method + "Node", args)!;
        var gradFn = compiled.Tensor.GetProperty("GradFn")!.GetValue(output)!;
        Assert.Equal(testCase.Method, gradFn.GetType().GetProperty("Name")!.GetValue(gradFn));

        var upstreamData = compiled.Data(output).Select(_ => random.NextDouble() - 0.5).ToArray();
        var upstream = compiled.NewTensor(upstreamData, compiled.Shape(output));
        var backwardMethod = compiled.Tensor.GetMethods().First(m => m.Name == "Backward" && m.GetParameters().Length >= 1);
        backwardMethod.Invoke(output, [upstream, .. backwardMethod.GetParameters().Skip(1).Select(p => p.DefaultValue)]);

        var expected = CompiledCase.Elements(compiled.Invoke(testCase.Method + "Backward", [upstream, .. args]));
        for (var k = 0; k < differentiable.Count; k++)
        {
            var grad = compiled.Tensor.GetProperty("Grad")!.GetValue(args[differentiable[k]]);
            Assert.NotNull(grad);

            var (want, got) = (compiled.Data(expected[k]!), compiled.Data(grad!));
            if (!compiled.IsFused(testCase.Method))
            {
                // The node's backward is FBackward itself: bit for bit.
                Assert.Equal(want, got);
                continue;
            }

            // An elementwise method's node runs the fused backward: the same formula, rounded in a different order.
            Assert.Equal(want.Length, got.Length);
            for (var e = 0; e < want.Length; e++)
            {
                Assert.True(Math.Abs(want[e] - got[e]) <= 1e-12 * (1 + Math.Abs(want[e])), $"{name}: node gradient [{e}] {got[e]}, backward {want[e]}");
            }
        }
    }

    [Fact]
    public void ScalarGradientAllocatesNothing()
    {
        var compiled = Compile(Cases.Rosenbrock);
        var gradient = compiled.Method("RosenbrockGradient").CreateDelegate<Func<double, double, (double, double, double)>>();
        var (x0, x1) = (0.0, 2.0);
        for (var i = 0; i < 100; i++)
        {
            (_, x0, x1) = gradient(x0, x1);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            var (value, dx0, dx1) = gradient(0.5 + (i * 1e-4), 1.5);
            sum += value + dx0 + dx1;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void WithoutDerivativeCutsTheGradientPath()
    {
        // f(x, y) = x * stop(x * y) + y: the stopped factor is a constant, so df/dx = x * y and df/dy = 1.
        var compiled = Compile(Cases.WithoutDerivative);
        foreach (var (x, y) in new[] { (0.3, -1.2), (2.0, 0.5) })
        {
            var gradients = CompiledCase.Elements(compiled.Invoke("WithoutDerivativeBackward", 1.0, x, y));
            Assert.Equal(x * y, (double)gradients[0]!, 14);
            Assert.Equal(1.0, (double)gradients[1]!, 14);
        }
    }

    internal static CompiledCase Compile(GeneratorCase testCase)
    {
        var (output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        return CompiledCase.Load(output);
    }

    internal static List<int> DifferentiableIndices(ParameterInfo[] parameters, bool isTensor) => parameters
        .Select((p, i) => (p, i))
        .Where(x => (isTensor ? x.p.ParameterType.FullName == "AutoDiffGen.Tensor" : x.p.ParameterType == typeof(double) || x.p.ParameterType == typeof(float))
            && !x.p.CustomAttributes.Any(a => a.AttributeType.Name == "NoDerivativeAttribute"))
        .Select(x => x.i)
        .ToList();

    private static int TensorIndex(ParameterInfo[] parameters, int index) =>
        parameters.Take(index).Count(p => p.ParameterType.FullName == "AutoDiffGen.Tensor");

    internal static (object?[] Args, double[][] Data) TensorArguments(CompiledCase compiled, GeneratorCase testCase, ParameterInfo[] parameters, Random random)
    {
        var args = new object?[parameters.Length];
        var data = new double[parameters.Length][];
        var tensorIndex = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType.FullName == "AutoDiffGen.Tensor")
            {
                var shape = testCase.TensorShapes[tensorIndex++];
                data[i] = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b))
                    .Select(_ => testCase.Positive ? 0.5 + random.NextDouble() : random.NextDouble() * 2 - 1)
                    .ToArray();
                args[i] = compiled.NewTensor(data[i], shape);
            }
            else
            {
                args[i] = SampleScalar(parameters[i].ParameterType, random, testCase);
                data[i] = [];
            }
        }

        return (args, data);
    }

    internal static object SampleScalar(Type type, Random random, GeneratorCase testCase)
    {
        if (type == typeof(int))
        {
            return testCase.Integer;
        }

        var positive = testCase.Positive;

        // Keep samples away from kinks (relu at 0, branch conditions at 0.5) so finite differences stay on one side.
        double value;
        do
        {
            value = positive ? 0.6 + random.NextDouble() : random.NextDouble() * 1.6 - 0.8;
        }
        while (Math.Abs(value) < 0.05 || Math.Abs(value - 0.5) < 0.05);

        return Convert(value, type);
    }

    internal static object Convert(double value, Type type) => type == typeof(float) ? (object)(float)value : value;

    private static double[] Perturb(double[] data, int index, double delta)
    {
        var copy = (double[])data.Clone();
        copy[index] += delta;
        return copy;
    }

    private static void AssertClose(double expected, double actual, double absolute, string what)
    {
        var tolerance = absolute + RelativeTolerance * Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: finite differences {expected}, generated {actual}");
    }
}
