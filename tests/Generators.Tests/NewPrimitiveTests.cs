using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The acceptance test of "one declaration per op": an assembly that is not the runtime's friend declares a new
/// primitive (Softsign: an operator struct and a rule, nothing else) and, with nothing added to the generator or the
/// analyzers, it records on the tape, composes inside a <c>[Differentiable]</c> method, fuses, differentiates at
/// Order = 2 with nothing replayed on the tape, agrees with its tape replay in cross-check mode, and passes GradCheck.
/// </summary>
public class NewPrimitiveTests
{
    private const string Softsign = """
            /// <summary>Elementwise x / (1 + |x|) (<c>torch.nn.functional.softsign</c>).</summary>
            [Elementwise(typeof(SoftsignOperator))]
            public static partial Tensor Softsign(Tensor x);

            /// <summary>The rule of <see cref="Softsign"/>: grad / (1 + |x|)².</summary>
            [DerivativeOf(nameof(Softsign))]
            public static Tensor SoftsignBackward(Tensor grad, Tensor x) => grad / ((1.0 + Tensor.Abs(x)) * (1.0 + Tensor.Abs(x)));

            /// <summary>The rule of <see cref="SoftsignBackward"/>: its gradients with respect to gradOutput and x.</summary>
            [DerivativeOf(nameof(SoftsignBackward))]
            public static (Tensor gradOutput, Tensor x) SoftsignBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
            {
                var d = 1.0 + Tensor.Abs(x);
                return (grad / (d * d), grad * gradOutput * Tensor.Sign(x) * -2.0 / (d * d * d));
            }

            /// <summary>Softsign per element.</summary>
            public readonly struct SoftsignOperator : IElementwiseOperator<SoftsignOperator>
            {
                /// <inheritdoc/>
                public static T Invoke<T>(T x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => x / (T.One + T.Abs(x));

                /// <inheritdoc/>
                public static T Derivative<T>(T x, T result) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
                {
                    var d = T.One + T.Abs(x);
                    return T.One / (d * d);
                }
            }

            // Composes with other ops, at second order.
            [Differentiable(Order = 2)]
            public static Tensor Squash(Tensor x, Tensor w) => Softsign(Tensor.MatMul(x, w)) * Tensor.Tanh(Tensor.MatMul(x, w));

            // Purely elementwise: fuses through SoftsignOperator.
            [Differentiable]
            public static Tensor Gate(Tensor x, Tensor y) => Softsign(x * y) * y + x;
        """;

    private static readonly GeneratorCase Squash = new("Squash", Softsign, "Squash", [[3, 4], [4, 2]]);

    private static (CompiledCase Compiled, IReadOnlyDictionary<string, string> Files) Compile()
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Library("UserPrimitives", [Squash.Source]));
        return (CompiledCase.Load(output), GeneratorHarness.Files(result));
    }

    private static Tensor Random(int[] shape, int seed) => Tensor.FromArray(
        Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => Math.Sin(seed * 7.1 + i * 1.3) * 1.5 + 0.05).ToArray(), shape);

    private static Func<Tensor, Tensor> Op(CompiledCase compiled) => x => (Tensor)compiled.Invoke("Softsign", x)!;

    [Fact]
    public void ItRecordsOnTheTapeAndPassesGradCheckTwice()
    {
        var (compiled, files) = Compile();
        Assert.Contains("Functions.Softsign.Primitive.g.cs", files.Keys);
        var softsign = Op(compiled);

        var x = Random([3, 5], 1).RequiresGrad_();
        var y = softsign(x);
        Assert.Equal("Softsign", y.GradFn!.Name);
        var values = x.Detach().ToArray<double>();
        Assert.Equal(values.Select(v => v / (1 + Math.Abs(v))), y.ToArray<double>());

        GradCheck.Check(t => softsign(t[0]), [x]);

        // Second order through the tape: the rule's own operations are recorded under createGraph.
        var weights = Random([3, 5], 13);
        GradCheck.Check(t =>
        {
            using var _ = Autograd.EnableGrad();
            return Autograd.Grad((softsign(t[0]) * weights).Sum(), [t[0]], createGraph: true)[0]!;
        }, [x]);
    }

    [Fact]
    public void ItComposesInsideADifferentiableMethodAndItsNodeAgreesWithTheTape()
    {
        var (compiled, files) = Compile();
        var text = files[Squash.HintName];
        Assert.Contains("global::Samples.Functions.SoftsignBackward(", text);
        Assert.DoesNotContain("Autograd.Grad(", text);
        GeneratedCodeTests.CheckTensor(compiled, Squash);

        // Cross-check mode: the generated node's gradients are compared with the op-by-op tape (which records Softsign).
        var x = Random([3, 4], 2).RequiresGrad_();
        var w = Random([4, 2], 3).RequiresGrad_();
        using (Autograd.CrossCheck())
        {
            var output = (Tensor)compiled.Invoke("SquashNode", x, w)!;
            output.Backward(Random([3, 2], 4));
        }

        Assert.NotNull(x.Grad);
        Assert.NotNull(w.Grad);
    }

    [Fact]
    public void ItFusesThroughItsOperatorStruct()
    {
        var (compiled, files) = Compile();
        var kernel = files["Functions.Gate.Elementwise.g.cs"];
        Assert.Contains("Apply<global::Samples.Functions.SoftsignOperator>", kernel);
        Assert.Contains("Derivative<global::Samples.Functions.SoftsignOperator>", kernel);
        Assert.True(compiled.IsFused("Gate"));

        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            // 1024 elements: float32 takes the register-level path, whose Softsign is the operator's default vector form.
            var x = Random([16, 64], 5).To(dtype).RequiresGrad_();
            var y = Random([64], 6).To(dtype).RequiresGrad_();
            var fused = (Tensor)compiled.Invoke("GateNode", x, y)!;
            var expected = (Tensor)compiled.Invoke("Gate", x.Detach(), y.Detach())!;
            var tolerance = dtype == DType.Float64 ? 1e-12 : 2e-6;
            Close(expected, fused, tolerance, "forward");

            var upstream = Random([16, 64], 7).To(dtype);
            fused.Backward(upstream);
            var gradients = CompiledCase.Elements(compiled.Invoke("GateBackward", upstream, x.Detach(), y.Detach()));
            Close((Tensor)gradients[0]!, x.Grad!, tolerance, "dx");
            Close((Tensor)gradients[1]!, y.Grad!, tolerance * 64, "dy (a sum of 16)");
        }
    }

    [Fact]
    public void ItDifferentiatesAtOrderTwoWithNothingReplayedOnTheTape()
    {
        var (compiled, files) = Compile();
        var secondOrder = files["Functions.Squash.SecondOrder.g.cs"];
        Assert.Contains("global::Samples.Functions.SoftsignBackwardBackward(", secondOrder);
        Assert.DoesNotContain("Autograd.Grad(", secondOrder);

        var inputs = new[] { Random([3, 4], 8), Random([4, 2], 9) };
        var gradOutput = Random([3, 2], 10);
        var upstream = new[] { Random([3, 4], 11), Random([4, 2], 12) };
        var generated = CompiledCase.Elements(compiled.Invoke("SquashBackwardBackward", [.. upstream, gradOutput, .. inputs])).Cast<Tensor>().ToArray();

        // The tape's double backward of the same function, built from the primitive's tape node.
        var tracked = inputs.Select(t => t.Detach().RequiresGrad_()).ToArray();
        var trackedGrad = gradOutput.Detach().RequiresGrad_();
        var softsign = Op(compiled);
        Tensor?[] expected;
        using (Autograd.EnableGrad())
        {
            var product = Tensor.MatMul(tracked[0], tracked[1]);
            var first = Autograd.Grad(softsign(product) * Tensor.Tanh(product), tracked, trackedGrad, createGraph: true);
            var inner = first.Select((g, k) => (g! * upstream[k]).Sum()).Aggregate((a, b) => a + b);
            expected = Autograd.Grad(inner, [trackedGrad, .. tracked]);
        }

        Assert.Equal(expected.Length, generated.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Close(expected[k]!, generated[k], 1e-12, "BackwardBackward output " + k);
        }
    }

    private static void Close(Tensor expected, Tensor actual, double tolerance, string what)
    {
        var want = expected.To(DType.Float64).Contiguous().ToArray<double>();
        var got = actual.To(DType.Float64).Contiguous().ToArray<double>();
        Assert.Equal(want.Length, got.Length);
        for (var i = 0; i < want.Length; i++)
        {
            Assert.True(Math.Abs(want[i] - got[i]) <= tolerance * (1 + Math.Abs(want[i])), $"{what} [{i}]: {got[i]}, expected {want[i]}");
        }
    }
}
