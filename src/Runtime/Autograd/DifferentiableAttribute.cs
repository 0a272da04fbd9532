namespace AutoDiffGen;

/// <summary>
/// Marks a forward-only method whose backward the AutoDiffGen source generator writes at compile time.
/// The containing type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>
    /// The highest derivative order to generate: 1 (the default) writes the pullback <c>FBackward</c> and its
    /// companions; 2 also runs the generator on that generated pullback, adding <c>FBackwardBackward</c> (the
    /// pullback of the pullback) and, for <c>float</c>/<c>double</c> methods, <c>FHessianVectorProduct</c> and
    /// (one input) <c>FSecondDerivative</c>, in <c>{Type}.{Method}.SecondOrder.g.cs</c>. Opt-in, like PyTorch's
    /// <c>create_graph=True</c>: second-order code is only written where it is asked for. Orders above 2 generate the
    /// same members as 2 (third order is not generated yet).
    /// </summary>
    public int Order { get; set; } = 1;
}
