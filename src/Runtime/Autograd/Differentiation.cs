namespace AutoDiffGen;

/// <summary>Helpers usable inside <see cref="DifferentiableAttribute"/> methods.</summary>
public static class Differentiation
{
    /// <summary>Returns <paramref name="value"/> and stops gradients flowing through it (Swift's <c>withoutDerivative(at:)</c>).</summary>
    public static double WithoutDerivative(double value) => value;

    /// <summary>Returns <paramref name="value"/> and stops gradients flowing through it.</summary>
    public static float WithoutDerivative(float value) => value;

    /// <summary>Returns <paramref name="value"/> detached from the graph, so no gradient flows through it.</summary>
    public static Tensor WithoutDerivative(Tensor value) => value.Detach();
}
