namespace AutoDiffGen;

/// <summary>
/// On a parameter of a <see cref="DifferentiableAttribute"/> method: that parameter gets no gradient (treated as a
/// constant), as Swift's <c>@noDerivative</c>. On a method: its result is a constant whatever its arguments, so
/// generated code passes no gradient back through a call to it (creation ops such as <see cref="Tensor.ZerosLike"/>,
/// which read only their input's shape and dtype; PyTorch's <c>non_differentiable</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
