namespace AutoDiffGen.Bench.Fusion;

/// <summary>
/// GELU (tanh approximation) written once, for one float: the generator adds <c>Gelu(Tensor)</c>, which applies it to
/// every element in one fused SIMD pass forward and one backward, recorded on the tape as one node.
/// </summary>
public static partial class GeluFunctions
{
    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    [Differentiable]
    public static float Gelu(float x) => 0.5f * x * (1f + MathF.Tanh(0.7978845608f * (x + 0.044715f * x * x * x)));

    /// <summary>The same formula over tensors, recorded on the tape op by op (ten nodes).</summary>
    public static Tensor GeluOpByOp(Tensor x) => 0.5 * x * (1.0 + Tensor.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
}
