using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

/// <summary>
/// The runtime's composite ops are written forward-only with [Differentiable]: each call records ONE tape node whose
/// backward is the generated one, and that backward passes GradCheck.
/// </summary>
public class GeneratedCompositeTests
{
    public static TheoryData<string> Names => new()
    {
        "Silu", "GeluTanh", "Softmax", "LogSoftmax", "SoftTargetCrossEntropy", "SquaredError", "BinaryCrossEntropyWithLogits", "LayerNormalize",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void RecordsOneNodeWhoseGeneratedBackwardPassesGradCheck(string name)
    {
        var function = Composite(name);
        var inputs = new[]
        {
            Tensor.Randn(new Shape(3, 4), DType.Float64, new Generator(11)).RequiresGrad_(),
            Tensor.Rand(new Shape(3, 4), DType.Float64, new Generator(12)).RequiresGrad_(),
        };

        var output = function(inputs);
        Assert.NotNull(output.GradFn);
        Assert.Equal(name, output.GradFn!.Name);
        Assert.Contains(output.GradFn.Inputs, input => ReferenceEquals(input, inputs[0]));

        GradCheck.Check(function, inputs);
    }

    private static Func<Tensor[], Tensor> Composite(string name) => name switch
    {
        "Silu" => t => Functional.Silu(t[0]),
        "GeluTanh" => t => Functional.Gelu(t[0], GeluApproximation.Tanh),
        "Softmax" => t => Functional.Softmax(t[0], 1),
        "LogSoftmax" => t => Functional.LogSoftmax(t[0], -1),
        "SoftTargetCrossEntropy" => t => Functional.CrossEntropy(t[0], t[1], reduction: Reduction.None),
        "SquaredError" => t => Functional.MseLoss(t[0], t[1], Reduction.None),
        "BinaryCrossEntropyWithLogits" => t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1], reduction: Reduction.None),
        "LayerNormalize" => t => Functional.LayerNorm(t[0], [4]),
        _ => throw new ArgumentException(name),
    };
}
