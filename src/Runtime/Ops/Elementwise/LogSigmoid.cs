using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise log(sigmoid(x)) = min(x, 0) − log(1 + e^−|x|), stable for large |x| (<c>F.logsigmoid</c>).</summary>
    [Elementwise(typeof(LogSigmoidOperator))]
    public static partial Tensor LogSigmoid(Tensor x);

    /// <summary>The rule of <c>LogSigmoid</c>: <c>grad · sigmoid(−x)</c>.</summary>
    [DerivativeOf(nameof(LogSigmoid))]
    public static Tensor LogSigmoidBackward(Tensor grad, Tensor x) => grad * Sigmoid(-x);

    // Rule of the rule: d/dx sigmoid(−x) = −sigmoid(−x)(1 − sigmoid(−x)).
    /// <summary>The rule of <see cref="LogSigmoidBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>x</c>.</summary>
    [DerivativeOf(nameof(LogSigmoidBackward))]
    public static (Tensor gradOutput, Tensor x) LogSigmoidBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
    {
        var s = Sigmoid(-x);
        return (grad * s, -(grad * gradOutput * s * (1.0 - s)));
    }

    /// <summary>
    /// log-sigmoid per element, for the tape's forward and for fused kernels: min(x, 0) − log1p(e^−|x|), with log1p by
    /// Goldberg's trick (exact for tiny e^−|x|); its derivative is sigmoid(−x) = 1 / (1 + eˣ), which saturates cleanly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct LogSigmoidOperator : IElementwiseOperator<LogSigmoidOperator>
    {
        /// <inheritdoc/>
        public static bool IsVectorized => true;

        /// <inheritdoc/>
        public static T Invoke<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var u = T.Exp(-T.Abs(x));
            var w = T.One + u;

            // NOTE: log(w)·u/(w − 1) cancels the rounding of 1 + u, so tiny u keeps its digits (log1p without log1p).
            var log1p = w == T.One ? u : T.Log(w) * u / (w - T.One);
            return T.Min(x, T.Zero) - log1p;
        }

        /// <inheritdoc/>
        public static T Derivative<T>(T x, T result) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(x));

        /// <inheritdoc/>
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (x.Length != destination.Length)
            {
                throw new ArgumentException($"LogSigmoid: span lengths differ ({x.Length} and {destination.Length}).");
            }

            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                ref var source = ref MemoryMarshal.GetReference(x);
                ref var target = ref MemoryMarshal.GetReference(destination);
                for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
                {
                    Invoke(Vector512.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
                }
            }

            for (; i < x.Length; i++)
            {
                destination[i] = Invoke(x[i]);
            }
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var u = Exp(-Vector512.Abs(x));
            var w = Vector512<T>.One + u;
            var log1p = Vector512.ConditionalSelect(Vector512.Equals(w, Vector512<T>.One), u, Log(w) * u / (w - Vector512<T>.One));
            return Vector512.Min(x, Vector512<T>.Zero) - log1p;
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Derivative<T>(Vector512<T> x, Vector512<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
            Vector512<T>.One / (Vector512<T>.One + Exp(x));

        private static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
            typeof(T) == typeof(float) ? Vector512.Exp(x.As<T, float>()).As<float, T>() : Vector512.Exp(x.As<T, double>()).As<double, T>();

        private static Vector512<T> Log<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
            typeof(T) == typeof(float) ? Vector512.Log(x.As<T, float>()).As<float, T>() : Vector512.Log(x.As<T, double>()).As<double, T>();
    }
}
