using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Scalar functions written to be applied elementwise to tensors (their generated Elementwise files are snapshot and
/// run in <see cref="FusionTests"/>): GELU in float32, two inputs with a uniform scalar, a <c>?:</c> whose untaken side is
/// NaN for some elements, and a tensor method with a hyper-parameter and a <c>[NoDerivative]</c> tensor.
/// </summary>
public static class FusionCases
{
    private static readonly int[][] Scalar = [];

    public static readonly GeneratorCase ScalarGelu = new(nameof(ScalarGelu), """
            [Differentiable]
            public static float ScalarGelu(float x) =>
                0.5f * x * (1f + MathF.Tanh(0.7978845608f * (x + 0.044715f * x * x * x)));
        """, "ScalarGelu", Scalar);

    public static readonly GeneratorCase Blend = new(nameof(Blend), """
            [Differentiable]
            public static double Blend(double x, double y, [NoDerivative] double k)
            {
                var u = k * x * y;
                return u + Math.Exp(-y) / (1 + x * x);
            }
        """, "Blend", Scalar);

    public static readonly GeneratorCase Piecewise = new(nameof(Piecewise), """
            [Differentiable]
            public static double Piecewise(double x, double y) => x > y ? Math.Log(x) * y : x * x - Math.Sqrt(y);
        """, "Piecewise", Scalar);

    public static readonly GeneratorCase Gated = new(nameof(Gated), """
            [Differentiable]
            public static Tensor Gated(Tensor x, [NoDerivative] Tensor gate, double eps) =>
                x * Tensor.Sigmoid(gate) / Tensor.Sqrt(x * x + eps) + Tensor.Relu(x);
        """, "Gated", [[3, 4], [4]]);

    public static IEnumerable<GeneratorCase> All => [ScalarGelu, Blend, Piecewise, Gated];
}
