namespace AutoDiffGen.Nn;

/// <summary>What the Transformer layers share.</summary>
internal static class TransformerBlocks
{
    internal static Tensor Activate(Tensor x, TransformerActivation activation)
        => activation == TransformerActivation.Gelu ? Functional.Gelu(x) : Functional.Relu(x);
}
