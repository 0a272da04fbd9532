using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn.Sequence;

/// <summary>Attention and Transformer layers: GradCheck, PyTorch's shapes and names, and clear errors.</summary>
public class AttentionTests
{
    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(new Shape(shape), DType.Float64, new Generator(seed)).RequiresGrad_();

    [Fact]
    public void ScaledDotProductAttention_PassesGradCheck_WithMaskAndCausal()
    {
        var mask = Tensor.Randn(new Shape(1, 3, 4), DType.Float64, new Generator(1));
        GradCheck.Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], mask), [Randn(2, 2, 3, 5), Randn(3, 2, 4, 5), Randn(4, 2, 4, 2)]);
        GradCheck.Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], isCausal: true, scale: 0.5), [Randn(2, 2, 3, 5), Randn(3, 2, 3, 5), Randn(4, 2, 3, 2)]);
    }

    [Fact]
    public void CausalMask_HidesTheFuture()
    {
        var mask = Functional.GenerateSquareSubsequentMask(3);
        Assert.Equal([0f, float.NegativeInfinity, float.NegativeInfinity, 0, 0, float.NegativeInfinity, 0, 0, 0], mask.ToArray<float>());

        // Changing a later value leaves an earlier causal output unchanged.
        var q = Tensor.Randn(1, 4, 3);
        var v = Tensor.Randn(1, 4, 3);
        var before = Functional.ScaledDotProductAttention(q, q, v, isCausal: true).Narrow(1, 0, 2).ToArray<float>();
        v.IndexPut_([TensorIndex.All, TensorIndex.Single(3)], 100.0);
        Assert.Equal(before, Functional.ScaledDotProductAttention(q, q, v, isCausal: true).Narrow(1, 0, 2).ToArray<float>());
    }

    [Fact]
    public void MultiheadAttention_PassesGradCheck_AndGivesPyTorchsShapesAndNames()
    {
        var mha = new MultiheadAttention(4, 2, batchFirst: true, dtype: DType.Float64, generator: new Generator(3));
        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], mha.NamedParameters().Select(p => p.Name));
        var padding = Tensor.FromArray([false, false, true, false, false, false], 2, 3);
        GradCheck.Check(t => mha.Call(t[0], t[1], t[1], padding).Output, new[] { Randn(5, 2, 3, 4), Randn(6, 2, 3, 4) }.Concat(mha.Parameters()).ToArray());

        var (output, weights) = mha.Call(Tensor.Randn(new Shape(2, 5, 4), DType.Float64), Tensor.Randn(new Shape(2, 3, 4), DType.Float64), Tensor.Randn(new Shape(2, 3, 4), DType.Float64), averageAttnWeights: false);
        Assert.Equal(new Shape(2, 5, 4), output.Shape);
        Assert.Equal(new Shape(2, 2, 5, 3), weights!.Shape);
        var q = Tensor.Randn(new Shape(2, 5, 4), DType.Float64, new Generator(10));
        var perHead = mha.Call(q, q, q, averageAttnWeights: false).Weights!;
        Assert.Equal(perHead.Mean(1).ToArray<double>(), mha.Call(q, q, q).Weights!.ToArray<double>());
        var separate = new MultiheadAttention(4, 2, kdim: 3, vdim: 5);
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], separate.NamedParameters().Select(p => p.Name));
        Assert.Null(mha.Call(Tensor.Randn(new Shape(1, 2, 4), DType.Float64), Tensor.Randn(new Shape(1, 2, 4), DType.Float64), Tensor.Randn(new Shape(1, 2, 4), DType.Float64), needWeights: false).Weights);
    }

    [Fact]
    public void BadInput_GetsClearErrors()
    {
        Assert.Contains("embed_dim (10) must be divisible by num_heads (3)", Assert.Throws<ArgumentException>(() => new MultiheadAttention(10, 3)).Message);
        var mha = new MultiheadAttention(4, 2);
        var x = Tensor.Randn(3, 2, 4);
        Assert.Contains("[3, 2, 5]", Assert.Throws<ArgumentException>(() => mha.Call(Tensor.Randn(3, 2, 5), x, x)).Message);
        var attn = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros(3, 4)));
        Assert.Contains("attn_mask of shape [3, 4]", attn.Message);
        Assert.Contains("[3, 3]", attn.Message);
        Assert.Contains("key_padding_mask of shape [2, 3]", Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, Tensor.Zeros(3, 2))).Message);
        var q = Tensor.Randn(2, 3, 4);
        var sdpa = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, q, q, Tensor.Zeros(2, 3, 2)));
        Assert.Contains("attn_mask of shape [2, 3, 2] does not broadcast", sdpa.Message);
        Assert.Contains("[2, 3, 3]", sdpa.Message);
        Assert.Contains("matching E and S", Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, Tensor.Randn(2, 3, 5), q)).Message);
    }

    [Fact]
    public void TransformerStacks_CopyTheLayer_AndUsePyTorchsNames()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16, dropout: 0, batchFirst: true);
        var encoder = new TransformerEncoder(layer, 2, new LayerNorm(8));
        var names = encoder.NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("layers.1.self_attn.in_proj_weight", names);
        Assert.Contains("layers.0.linear2.bias", names);
        Assert.Contains("norm.weight", names);
        Assert.Equal(layer.Linear1.Weight.ToArray<float>(), encoder.Layers[1].Linear1.Weight.ToArray<float>());
        Assert.False(ReferenceEquals(encoder.Layers[0].Linear1.Weight, encoder.Layers[1].Linear1.Weight));
        var x = Tensor.Randn(2, 5, 8);
        Assert.Equal(x.Shape, encoder.Call(x, Functional.GenerateSquareSubsequentMask(5)).Shape);

        var decoder = new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, dropout: 0, normFirst: true), 2);
        Assert.Contains("layers.1.multihead_attn.out_proj.weight", decoder.NamedParameters().Select(p => p.Name));
        Assert.Equal(new Shape(5, 2, 8), decoder.Call(Tensor.Randn(5, 2, 8), Tensor.Randn(7, 2, 8), tgtIsCausal: true).Shape);
    }

    [Fact]
    public void TransformerEncoderLayer_PassesGradCheck()
    {
        var layer = new TransformerEncoderLayer(4, 2, 6, dropout: 0, activation: TransformerActivation.Gelu, normFirst: true, dtype: DType.Float64, generator: new Generator(8));
        GradCheck.Check(t => layer.Call(t[0], isCausal: true), new[] { Randn(9, 3, 2, 4) }.Concat(layer.Parameters()).ToArray());
    }
}
