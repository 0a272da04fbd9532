using System.ComponentModel;
using System.Numerics;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise Gauss error function, 2/√π ∫₀ˣ e^(−t²) dt (<c>torch.erf</c>).</summary>
    [Elementwise(typeof(ErfOperator))]
    public static partial Tensor Erf(Tensor x);

    /// <summary>The rule of <c>Erf</c>: <c>grad · 2/√π · e^(−x²)</c>.</summary>
    [DerivativeOf(nameof(Erf))]
    public static Tensor ErfBackward(Tensor grad, Tensor x) => grad * Exp(-(x * x)) * (2 / Math.Sqrt(Math.PI));

    // Rule of the rule, for second-order generated code: d/dx of 2/√π e^(−x²) is −2x times it.
    /// <summary>The rule of <see cref="ErfBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>x</c>.</summary>
    [DerivativeOf(nameof(ErfBackward))]
    public static (Tensor gradOutput, Tensor x) ErfBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
        => (ErfBackward(grad, x), ErfBackward(grad * gradOutput, x) * x * -2.0);

    /// <summary>
    /// erf per element, for the tape's forward and for fused kernels: computed in float64 to about 1e-15 (a Taylor series
    /// near 0, a continued fraction for erfc in the tails), one element at a time; its derivative is 2/√π · e^(−x²).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct ErfOperator : IElementwiseOperator<ErfOperator>
    {
        /// <inheritdoc/>
        public static T Invoke<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(Scalar(double.CreateTruncating(x)));

        /// <inheritdoc/>
        public static T Derivative<T>(T x, T result) where T : unmanaged, IFloatingPointIeee754<T> =>
            T.CreateTruncating(2 / Math.Sqrt(Math.PI)) * T.Exp(-(x * x));

        /// <summary>erf(<paramref name="v"/>) in float64, to about 1e-15.</summary>
        public static double Scalar(double v)
        {
            if (double.IsNaN(v))
            {
                return v;
            }

            var a = Math.Abs(v);
            if (a > 6)
            {
                return Math.Sign(v);
            }

            if (a < 2.5)
            {
                // erf(v) = 2/√π Σ (−1)^n v^(2n+1) / (n! (2n+1)); terms stay below ~20, so cancellation costs < 1e-14.
                double sum = 0, term = v;
                for (var n = 0; n < 200; n++)
                {
                    var contribution = term / (2 * n + 1);
                    sum += contribution;
                    if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum))
                    {
                        break;
                    }

                    term *= -v * v / (n + 1);
                }

                return 2 / Math.Sqrt(Math.PI) * sum;
            }

            // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), evaluated bottom-up.
            var f = a;
            for (var k = 80; k >= 1; k--)
            {
                f = a + k / 2.0 / f;
            }

            var erfc = Math.Exp(-a * a) / Math.Sqrt(Math.PI) / f;
            return Math.Sign(v) * (1 - erfc);
        }
    }
}
