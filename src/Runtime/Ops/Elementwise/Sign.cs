using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise sign: −1, 0 or 1 (<c>torch.sign</c>). Not differentiable: the result never requires grad.
    /// </summary>
    /// <remarks>NaN maps to 0 and −0 to 0, as PyTorch's <c>(0 &lt; x) − (x &lt; 0)</c> does.</remarks>
    [Elementwise]
    public static Tensor Sign(Tensor x) => UnaryForward<SignOperator>(nameof(Sign), x);

    /// <summary>Elementwise sign; see <see cref="Sign(Tensor)"/>.</summary>
    [Elementwise]
    public Tensor Sign() => Sign(this);

    private readonly struct SignOperator : IUnaryOperator
    {
        // NOTE: T.Sign throws on NaN, so compare explicitly.
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (var i = 0; i < x.Length; i++)
            {
                d[i] = x[i] > T.Zero ? T.One : x[i] < T.Zero ? T.NegativeOne : T.Zero;
            }
        }
    }
}
