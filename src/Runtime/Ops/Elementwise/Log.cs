using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise natural logarithm (<c>torch.log</c>).</summary>
    public static Tensor Log(Tensor x) => Autograd.Record(nameof(Log), UnaryForward<LogOperator>(nameof(Log), x), x,
        static (node, grad, grads) => grads[0] = LogBackward(grad, node.Inputs[0]));

    [DerivativeOf(nameof(Log))]
    internal static Tensor LogBackward(Tensor grad, Tensor x) => grad / x;

    // Rule of the rule, for second-order generated code: LogBackward's grad is gradOutput here.
    [DerivativeOf(nameof(LogBackward))]
    internal static (Tensor gradOutput, Tensor x) LogBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
        => (grad / x, -(grad * gradOutput) / (x * x));

    private readonly struct LogOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, d);
    }
}
