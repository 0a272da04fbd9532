using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>
/// Training-mode dropout against libtorch's arithmetic. The two libraries draw different random masks, so the mask
/// ours drew is handed to libtorch, which scales it as its dropout kernel does (the 0/1 noise divided by 1 − p in the
/// tensor's dtype, then multiplied into the input): outputs and input gradients must agree bit for bit.
/// </summary>
public class DropoutParityTests
{
    [Theory]
    [InlineData(DType.Float32, 0.3)]
    [InlineData(DType.Float64, 0.3)]
    [InlineData(DType.Float32, 0.9)]
    [InlineData(DType.Float64, 0.5)]
    public void TrainingModeMatchesLibtorchGivenTheSameMask(DType dtype, double p)
    {
        int[] shape = [16, 25];
        var values = OpParity.Normal(new Random(21), shape.Aggregate(1, (a, b) => a * b));
        var upstream = OpParity.Normal(new Random(22), values.Length);

        // The mask depends on the generator, shape and p only: drawn once more on ones, it is readable.
        var kept = Functional.Dropout(Tensor.Ones(new Shape(shape), dtype), p, training: true, generator: new Generator(5))
            .To(DType.Float64).ToArray<double>().Select(v => v != 0 ? 1.0 : 0.0).ToArray();
        var x = OpParity.Ours(values, shape, dtype).RequiresGrad_();
        var ours = Functional.Dropout(x, p, training: true, generator: new Generator(5));
        ours.Backward(OpParity.Ours(upstream, shape, dtype));

        var tx = OpParity.Torch(values, shape, dtype).requires_grad_(true);
        using var noise = OpParity.Torch(kept, shape, dtype).div_(1 - p);
        var theirs = tx * noise;
        theirs.backward([OpParity.Torch(upstream, shape, dtype)]);

        Assert.Equal(OpParity.ToDoubles(theirs), ours.To(DType.Float64).ToArray<double>());
        Assert.Equal(OpParity.ToDoubles(tx.grad!), x.Grad!.To(DType.Float64).ToArray<double>());

        // And the mask keeps about 1 − p of the elements (400 draws: within 4 standard deviations).
        var keptShare = kept.Average();
        Assert.InRange(keptShare, 1 - p - (4 * Math.Sqrt(p * (1 - p) / kept.Length)), 1 - p + (4 * Math.Sqrt(p * (1 - p) / kept.Length)));
    }
}
