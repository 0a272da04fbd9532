using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise natural logarithm (<c>torch.log</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Log))]
    public static Tensor Log(Tensor x) => Autograd.Record(nameof(Log), UnaryForward<LogOperator>(nameof(Log), x), x,
        static (node, grad, grads) => grads[0] = LogBackward(grad, node.Inputs[0]));

    /// <summary>The rule of <c>Log</c>: <c>grad / x</c>.</summary>
    [DerivativeOf(nameof(Log))]
    public static Tensor LogBackward(Tensor grad, Tensor x) => grad / x;

    // Rule of the rule, for second-order generated code: LogBackward's grad is gradOutput here.
    /// <summary>The rule of <see cref="LogBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>x</c>.</summary>
    [DerivativeOf(nameof(LogBackward))]
    public static (Tensor gradOutput, Tensor x) LogBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
        => (grad / x, -(grad * gradOutput) / (x * x));

    private readonly struct LogOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, d);
    }
}
