namespace AutoDiffGen;

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute"/> method that gets no gradient (treated as a constant),
/// as Swift's <c>@noDerivative</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
