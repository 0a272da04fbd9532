using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise min(max(x, <paramref name="min"/>), <paramref name="max"/>), either bound optional (<c>torch.clamp</c>).
    /// When min &gt; max every element becomes max, as in PyTorch. The gradient passes where min ≤ x ≤ max.
    /// </summary>
    public static Tensor Clamp(Tensor x, [NoDerivative] double? min = null, [NoDerivative] double? max = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (min is null && max is null)
        {
            throw new ArgumentException($"Clamp: at least one of min or max must be given (tensor of shape {x.Shape}).");
        }

        if (min is { } lo && double.IsNaN(lo) || max is { } hi && double.IsNaN(hi))
        {
            throw new ArgumentException($"Clamp: bounds must not be NaN (min {min}, max {max}).");
        }

        var result = min is { } low ? ScalarParamForward<MaxScalarOperator>(nameof(Clamp), x, low) : x;
        if (max is { } high)
        {
            result = ScalarParamForward<MinScalarOperator>(nameof(Clamp), result, high);
        }

        return Autograd.Record(nameof(Clamp), result, x, static (node, grad, grads) =>
        {
            var (min, max) = ((double?, double?))node.State!;
            grads[0] = ClampBackward(grad, node.Inputs[0], min, max);
        }, (min, max));
    }

    /// <summary>This tensor clamped to [<paramref name="min"/>, <paramref name="max"/>]; see <see cref="Clamp(Tensor, double?, double?)"/>.</summary>
    public Tensor Clamp(double? min = null, double? max = null) => Clamp(this, min, max);

    [DerivativeOf(nameof(Clamp))]
    internal static Tensor ClampBackward(Tensor grad, Tensor x, double? min, double? max)
    {
        var inside = min is { } lo ? Ge(x, lo) : null;
        if (max is { } hi)
        {
            inside = inside is null ? Le(x, hi) : LogicalAnd(inside, Le(x, hi));
        }

        return Where(inside!, grad, 0.0);
    }
}
