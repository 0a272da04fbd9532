namespace AutoDiffGen;

/// <summary>
/// Declares the static method it marks as the derivative rule (vector-Jacobian product) of the function
/// <see cref="FunctionName"/> in the same type, in the manner of PyTorch's <c>derivatives.yaml</c> and Swift's
/// <c>@derivative(of:)</c>. The tape and the source generator use the same rule.
/// </summary>
/// <remarks>
/// A rule's parameters are <c>grad</c> (the gradient of the function's result), then any of the function's
/// parameters by name, and optionally <c>result</c> (the function's output). It returns the gradient of every
/// differentiable parameter in declaration order (one value, or a value tuple), or, when <see cref="Wrt"/> is set,
/// the gradient of that one parameter, so gradients nobody needs are never computed.
/// <code>
/// [DerivativeOf(nameof(Exp))]
/// static Tensor ExpBackward(Tensor grad, Tensor result) => grad * result;
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Declares a derivative rule for <paramref name="functionName"/>.</summary>
    public DerivativeOfAttribute(string functionName) => FunctionName = functionName;

    /// <summary>The name of the function this rule differentiates.</summary>
    public string FunctionName { get; }

    /// <summary>When set, the name of the single parameter this rule returns the gradient of.</summary>
    public string? Wrt { get; set; }

    /// <summary>
    /// When set (0 or more), the parameter count of the one overload of the function this rule is for: <c>x.Sum()</c>'s
    /// rule sets 0, so it never binds to <c>x.Sum(dim)</c>, whose gradient needs <c>dim</c>. By default (−1) the rule
    /// binds to every overload whose parameters it names.
    /// </summary>
    public int Arity { get; set; } = -1;
}
