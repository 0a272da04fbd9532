using System.Reflection;
using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The fused kernels run: a scalar function's tensor overload agrees element by element with the scalar function
/// (forward) and with its generated backward and float64 central differences (backward), in float32 and float64,
/// with broadcasting, strided inputs, a size split across threads, and branches whose untaken side is NaN.
/// </summary>
public class FusedCodeTests
{
    private const double Step = 1e-6;

    /// <summary>Every scalar case whose body fuses (no integers, no calls without a blockwise form).</summary>
    public static TheoryData<string> FusedScalarNames => new(
        "Rosenbrock", "Square", "Polynomial", "Quotient", "Locals", "Reassignment", "CompoundAssignment", "Relu", "LeakyRelu",
        "IfElse", "EarlyReturn", "MathChain", "TanhReuse", "SqrtPow", "AbsMaxMin", "Trigonometry", "SingleSoftplus",
        "MixedPrecision", "NoDerivative", "Constants", "ScalarGelu", "Blend");

    [Theory]
    [MemberData(nameof(FusedScalarNames))]
    public void FusedFloat64MatchesTheScalarFunctionItsBackwardAndFiniteDifferences(string name) => CheckPerElement(ByName(name), DType.Float64);

    [Theory]
    [MemberData(nameof(FusedScalarNames))]
    public void FusedFloat32MatchesTheScalarFunctionAndItsBackward(string name) => CheckPerElement(ByName(name), DType.Float32);

    [Fact]
    public void TheUntakenSideOfABranchDoesNotLeakNaN()
    {
        // Piecewise = x > y ? log(x)·y : x² − √y. Where x ≤ y and x < 0, log(x) is NaN on the side not taken.
        var compiled = Compile(FusionCases.Piecewise);
        var random = new Random(3);
        var xs = Enumerable.Range(0, 40).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var ys = Enumerable.Range(0, 40).Select(_ => 0.1 + random.NextDouble() * 1.9).ToArray();
        Assert.Contains(xs.Zip(ys), p => p.First < 0 && p.First <= p.Second);
        var x = Tensor.FromArray(xs, 40).RequiresGrad_();
        var y = Tensor.FromArray(ys, 40).RequiresGrad_();
        var result = (Tensor)compiled.Method("Piecewise", [typeof(Tensor), typeof(Tensor)]).Invoke(null, [x, y])!;
        result.Backward(Tensor.OnesLike(result));

        var values = result.ToArray<double>();
        var (dx, dy) = (x.Grad!.ToArray<double>(), y.Grad!.ToArray<double>());
        for (var i = 0; i < 40; i++)
        {
            var expected = (double)compiled.Invoke("Piecewise", xs[i], ys[i])!;
            var gradients = CompiledCase.Elements(compiled.Invoke("PiecewiseBackward", 1.0, xs[i], ys[i]));
            Assert.False(double.IsNaN(values[i]) || double.IsNaN(dx[i]) || double.IsNaN(dy[i]), $"NaN leaked at x={xs[i]}, y={ys[i]}");
            Assert.Equal(expected, values[i], 12);
            Assert.Equal((double)gradients[0]!, dx[i], 12);
            Assert.Equal((double)gradients[1]!, dy[i], 12);
        }
    }

    [Theory]
    [InlineData(new[] { 4, 3 }, new[] { 3 })]
    [InlineData(new[] { 4, 3 }, new int[0])]
    [InlineData(new[] { 1 }, new[] { 2, 3 })]
    [InlineData(new[] { 4, 1 }, new[] { 1, 3 })]
    public void InputsBroadcastAndTheirGradientsAreSummedBack(int[] xShape, int[] yShape)
    {
        // Blend(x, y, k) = k·x·y + e^−y / (1 + x²), with x and y of different shapes.
        var compiled = Compile(FusionCases.Blend);
        var random = new Random(5);
        var x = RandomTensor(xShape, random, DType.Float64).RequiresGrad_();
        var y = RandomTensor(yShape, random, DType.Float64).RequiresGrad_();
        const double k = 0.7;
        var result = (Tensor)compiled.Method("Blend", [typeof(Tensor), typeof(Tensor), typeof(double)]).Invoke(null, [x, y, k])!;
        var shape = Shape.Broadcast(x.Shape, y.Shape);
        Assert.Equal(shape, result.Shape);

        var upstream = RandomTensor(shape.ToArray(), random, DType.Float64);
        result.Backward(upstream);

        // Expected: the scalar function at every element of the broadcast, and each gradient summed over the
        // positions its element was broadcast to.
        var (xb, yb) = (x.Detach().Expand(shape.ToArray()).Contiguous().ToArray<double>(), y.Detach().Expand(shape.ToArray()).Contiguous().ToArray<double>());
        var g = upstream.ToArray<double>();
        var values = result.ToArray<double>();
        var dxFull = new double[g.Length];
        var dyFull = new double[g.Length];
        for (var i = 0; i < g.Length; i++)
        {
            Assert.Equal((double)compiled.Invoke("Blend", xb[i], yb[i], k)!, values[i], 12);
            var gradients = CompiledCase.Elements(compiled.Invoke("BlendBackward", g[i], xb[i], yb[i], k));
            (dxFull[i], dyFull[i]) = ((double)gradients[0]!, (double)gradients[1]!);
        }

        AssertAll(Tensor.ReduceGrad(Tensor.FromArray(dxFull, shape.ToArray()), x.Shape).ToArray<double>(), x.Grad!, "dx");
        AssertAll(Tensor.ReduceGrad(Tensor.FromArray(dyFull, shape.ToArray()), y.Shape).ToArray<double>(), y.Grad!, "dy");
        Assert.Equal(x.Shape, x.Grad!.Shape);
        Assert.Equal(y.Shape, y.Grad!.Shape);
    }

    [Fact]
    public void StridedInputsGiveTheSameResultsAsContiguousOnes()
    {
        var compiled = Compile(FusionCases.Blend);
        var overload = compiled.Method("Blend", [typeof(Tensor), typeof(Tensor), typeof(double)]);
        var random = new Random(9);
        var source = RandomTensor([3, 5], random, DType.Float64);
        var y = RandomTensor([5, 3], random, DType.Float64);

        var strided = source.T.RequiresGrad_();
        Assert.False(strided.IsContiguous);
        var contiguous = source.T.Contiguous().RequiresGrad_();
        var a = (Tensor)overload.Invoke(null, [strided, y, 1.3])!;
        var b = (Tensor)overload.Invoke(null, [contiguous, y, 1.3])!;
        Assert.Equal(b.ToArray<double>(), a.ToArray<double>());

        a.Sum().Backward();
        b.Sum().Backward();
        Assert.Equal(strided.Shape, strided.Grad!.Shape);
        Assert.Equal(contiguous.Grad!.ToArray<double>(), strided.Grad.Contiguous().ToArray<double>());
    }

    [Fact]
    public void ALargeTensorSplitAcrossThreadsMatchesTheScalarFunction()
    {
        // Above Parallelism's threshold (2^17 elements per thread) the blocks run on several threads.
        const int n = 600_001;
        var compiled = Compile(FusionCases.ScalarGelu);
        var random = new Random(17);
        var data = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        var x = Tensor.FromArray(data, n).RequiresGrad_();
        var result = (Tensor)compiled.Method("ScalarGelu", [typeof(Tensor)]).Invoke(null, [x])!;
        result.Backward(Tensor.Full(result.Shape, 0.5));

        var values = result.ToArray<float>();
        var dx = x.Grad!.ToArray<float>();
        foreach (var i in Enumerable.Range(0, n).Where(i => i % 97 == 0 || i >= n - 1100))
        {
            var expected = (float)compiled.Invoke("ScalarGelu", data[i])!;
            var gradient = (float)compiled.Invoke("ScalarGeluBackward", 0.5f, data[i])!;
            Assert.True(Math.Abs(expected - values[i]) <= 1e-5 * (1 + Math.Abs(expected)), $"value [{i}]: {values[i]}, scalar {expected}");
            Assert.True(Math.Abs(gradient - dx[i]) <= 1e-5 * (1 + Math.Abs(gradient)), $"gradient [{i}]: {dx[i]}, scalar {gradient}");
        }
    }

    [Fact]
    public void AScalarFunctionsFusedBackwardRefusesCreateGraphByName()
    {
        var compiled = Compile(FusionCases.ScalarGelu);
        var x = Tensor.FromArray(new[] { 0.5f, -1f }, 2).RequiresGrad_();
        var y = (Tensor)compiled.Method("ScalarGelu", [typeof(Tensor)]).Invoke(null, [x])!;
        var error = Assert.Throws<NotSupportedException>(() => Autograd.Grad(y.Sum(), [x], createGraph: true));
        Assert.Contains("ScalarGelu", error.Message);
        Assert.Contains("createGraph", error.Message);
    }

    [Fact]
    public void AFusedTensorNodeDifferentiatesTwiceThroughItsTensorBackward()
    {
        // Gelu's node runs the fused backward, except under createGraph, where GeluBackward's recorded ops run instead.
        var compiled = Compile(Cases.Gelu);
        var data = new[] { -1.5, -0.3, 0.2, 0.9, 2.1 };
        var x = Tensor.FromArray(data, 5).RequiresGrad_();
        var y = (Tensor)compiled.Invoke("GeluNode", x)!;
        Assert.Equal("Gelu", y.GradFn!.Name);
        var first = Autograd.Grad(y.Sum(), [x], createGraph: true)[0]!;
        first.Sum().Backward();

        double FirstDerivative(double v) =>
            ((Tensor)compiled.Invoke("GeluBackward", Tensor.FromArray(new[] { 1.0 }, 1), Tensor.FromArray(new[] { v }, 1))!).ToArray<double>()[0];
        var second = x.Grad!.ToArray<double>();
        for (var i = 0; i < data.Length; i++)
        {
            var numeric = (FirstDerivative(data[i] + Step) - FirstDerivative(data[i] - Step)) / (2 * Step);
            Assert.True(Math.Abs(numeric - second[i]) <= 1e-6 + 1e-5 * Math.Abs(numeric), $"d2/dx2 [{i}]: {second[i]}, finite differences {numeric}");
        }
    }

    [Fact]
    public void ATensorMethodWithAHyperParameterAndANoDerivativeInputFuses()
    {
        var testCase = FusionCases.Gated;
        var compiled = Compile(testCase);
        var random = new Random(21);
        var x = RandomTensor([3, 4], random, DType.Float64).RequiresGrad_();
        var gate = RandomTensor([4], random, DType.Float64).RequiresGrad_();
        const double eps = 0.25;

        var y = (Tensor)compiled.Invoke("GatedNode", x, gate, eps)!;
        Assert.Equal("Gated", y.GradFn!.Name);
        AssertAll(((Tensor)compiled.Invoke("Gated", x, gate, eps)!).ToArray<double>(), y, "forward");

        var upstream = RandomTensor([3, 4], random, DType.Float64);
        y.Backward(upstream);
        var expected = (Tensor)compiled.Invoke("GatedBackward", upstream, x, gate, eps)!;
        AssertAll(expected.ToArray<double>(), x.Grad!, "dx");
        Assert.Null(gate.Grad);
    }

    [Fact]
    public void OperatorStructsRunOnTheRegisterPathInFloat32()
    {
        // Gated calls Tensor.Sigmoid and Tensor.Relu, whose operator structs are vectorised: 1024 float32 elements take
        // the register-level path (whole vectors), forward and backward, and agree with the op-by-op tape in float32.
        var compiled = Compile(FusionCases.Gated);
        var random = new Random(22);
        var x = RandomTensor([16, 64], random, DType.Float32).RequiresGrad_();
        var gate = RandomTensor([64], random, DType.Float32) * 6.0;
        const double eps = 0.25;

        var y = (Tensor)compiled.Invoke("GatedNode", x, gate, eps)!;
        var expected = (Tensor)compiled.Invoke("Gated", x.Detach(), gate, eps)!;
        AssertClose(expected.To(DType.Float64).ToArray<double>(), y, 2e-6, "forward");

        var upstream = RandomTensor([16, 64], random, DType.Float32);
        y.Backward(upstream);
        var dx = (Tensor)compiled.Invoke("GatedBackward", upstream, x.Detach(), gate, eps)!;
        AssertClose(dx.To(DType.Float64).ToArray<double>(), x.Grad!, 2e-6, "dx");
    }

    private static void AssertClose(double[] expected, Tensor actual, double tolerance, string what)
    {
        var values = actual.To(DType.Float64).Contiguous().ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what} [{i}]: {values[i]}, expected {expected[i]}");
        }
    }

    private static void CheckPerElement(GeneratorCase testCase, DType dtype)
    {
        var compiled = Compile(testCase);
        var scalar = compiled.Method(testCase.Method);
        var parameters = scalar.GetParameters();
        var varying = parameters.Select(p => p.GetCustomAttributes().All(a => a.GetType().Name != "NoDerivativeAttribute")).ToArray();
        var overload = compiled.Method(testCase.Method, parameters.Select((p, i) => varying[i] ? typeof(Tensor) : p.ParameterType).ToArray());
        var isSingle = scalar.ReturnType == typeof(float) || parameters.Any(p => p.ParameterType == typeof(float));
        var random = new Random(testCase.Name.Length);

        // 35 elements: whole vectors and a scalar tail. Uniform parameters take one value for all of them.
        const int n = 35;
        var samples = parameters.Select(p => Enumerable.Range(0, n).Select(_ => Sample(random, testCase.Positive)).ToArray()).ToArray();
        var tensors = parameters.Select((p, i) => varying[i] ? (object)Tensor.FromArray(samples[i], 5, 7).To(dtype).RequiresGrad_() : Convert(samples[i][0], p.ParameterType)).ToArray();
        var result = (Tensor)overload.Invoke(null, tensors)!;
        Assert.Equal(dtype, result.DType);
        var upstream = Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble()).ToArray();
        result.Backward(Tensor.FromArray(upstream, 5, 7).To(dtype));

        var values = result.To(DType.Float64).ToArray<double>();
        var gradients = parameters.Select((p, i) => varying[i] ? ((Tensor)tensors[i]).Grad!.To(DType.Float64).ToArray<double>() : null).ToArray();

        // The scalar function computes in its own type; the kernel in the tensor's. Float32 anywhere: float32 tolerance.
        var tolerance = isSingle || dtype == DType.Float32 ? 1e-5 : 1e-12;
        for (var e = 0; e < n; e++)
        {
            var args = parameters.Select((p, i) => varying[i] ? Convert(Round(samples[i][e], dtype), p.ParameterType) : tensors[i]).ToArray();
            var expected = System.Convert.ToDouble(scalar.Invoke(null, args));
            Assert.True(Math.Abs(expected - values[e]) <= tolerance * (1 + Math.Abs(expected)), $"{testCase.Name} {dtype} [{e}]: fused {values[e]}, scalar {expected}");

            var g = Round(upstream[e], dtype);
            var backward = CompiledCase.Elements(compiled.Invoke(testCase.Method + "Backward", [Convert(g, scalar.ReturnType), .. args]));
            var k = 0;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (!varying[i])
                {
                    continue;
                }

                var analytic = System.Convert.ToDouble(backward[k++]);
                Assert.True(
                    Math.Abs(analytic - gradients[i]![e]) <= tolerance * (1 + Math.Abs(analytic)),
                    $"{testCase.Name} {dtype} d{parameters[i].Name}[{e}]: fused {gradients[i]![e]}, {testCase.Method}Backward {analytic}");

                if (dtype == DType.Float64 && !isSingle)
                {
                    var plus = (object[])args.Clone();
                    var minus = (object[])args.Clone();
                    plus[i] = samples[i][e] + Step;
                    minus[i] = samples[i][e] - Step;
                    var numeric = g * (System.Convert.ToDouble(scalar.Invoke(null, plus)) - System.Convert.ToDouble(scalar.Invoke(null, minus))) / (2 * Step);
                    Assert.True(
                        Math.Abs(numeric - gradients[i]![e]) <= 1e-6 + 1e-5 * Math.Abs(numeric),
                        $"{testCase.Name} d{parameters[i].Name}[{e}]: fused {gradients[i]![e]}, finite differences {numeric}");
                }
            }
        }
    }

    // Away from the cases' kinks (relu at 0, branches at 0.5), so central differences stay on one side.
    private static double Sample(Random random, bool positive)
    {
        double value;
        do
        {
            value = positive ? 0.6 + random.NextDouble() : random.NextDouble() * 1.6 - 0.8;
        }
        while (Math.Abs(value) < 0.05 || Math.Abs(value - 0.5) < 0.05);

        return value;
    }

    private static double Round(double value, DType dtype) => dtype == DType.Float32 ? (float)value : value;

    private static object Convert(double value, Type type) => type == typeof(float) ? (object)(float)value : value;

    private static Tensor RandomTensor(int[] shape, Random random, DType dtype)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, count).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray(), shape).To(dtype);
    }

    private static void AssertAll(double[] expected, Tensor actual, string what)
    {
        var values = actual.Contiguous().ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"{what} [{i}]: {values[i]}, expected {expected[i]}");
        }
    }

    private static GeneratorCase ByName(string name) => FusionCases.All.Concat(Cases.All).First(c => c.Name == name);

    private static CompiledCase Compile(GeneratorCase testCase) => CompiledCase.Load(GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source)).Output);
}
