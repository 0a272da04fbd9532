using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using TF = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Sequence;

/// <summary>
/// ScaledDotProductAttention against F.scaled_dot_product_attention; MultiheadAttention against torch.nn.MultiheadAttention
/// with copied weights, for each mask kind; Transformer encoder and decoder layers against torch.nn's (post-norm, train
/// mode with dropout 0 and eval mode) and, for the options TorchSharp's modules lack (norm_first, layer_norm_eps,
/// batch_first), against PyTorch's layer formula in libtorch ops around the same torch.nn.MultiheadAttention. Forward
/// and every gradient (inputs and parameters), float64 to 1e-10 and float32 to 1e-5 relative.
/// </summary>
public class AttentionParityTests
{
    private const int Batch = 2, Heads = 2, Length = 4, Source = 5, Embed = 6;

    public static TheoryData<string, string> SdpaCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dtype in new[] { "float64", "float32" })
        {
            foreach (var mask in new[] { "none", "bool", "float broadcast", "causal", "scale" })
            {
                data.Add(mask, dtype);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SdpaCases))]
    public void ScaledDotProductAttention_MatchesLibtorch(string mask, string dtypeName)
    {
        var (dtype, tolerance) = Kind(dtypeName);
        var rng = new Random(OpParity.StableSeed($"sdpa {mask} {dtype}"));
        var source = mask == "causal" ? Length : Source;
        int[] qs = [Batch, Heads, Length, Embed], ks = [Batch, Heads, source, Embed], vs = [Batch, Heads, source, 3], os = [Batch, Heads, Length, 3];
        var (q, tq) = Pair(rng, qs, dtype);
        var (k, tk) = Pair(rng, ks, dtype);
        var (v, tv) = Pair(rng, vs, dtype);
        Tensor? ourMask = null;
        torch.Tensor? torchMask = null;
        if (mask == "bool")
        {
            // Every query keeps key 0, so no row is fully masked.
            var allowed = Enumerable.Range(0, Length * source).Select(i => i % source == 0 || rng.NextDouble() < 0.6).ToArray();
            ourMask = Tensor.FromArray(allowed, Length, source);
            torchMask = torch.tensor(allowed).reshape(Length, source);
        }
        else if (mask == "float broadcast")
        {
            var values = OpParity.Normal(rng, Batch * Length * source);
            ourMask = OpParity.Ours(values, [Batch, 1, Length, source], dtype);
            torchMask = OpParity.Torch(values, [Batch, 1, Length, source], dtype);
        }

        double? scale = mask == "scale" ? 0.3 : null;
        var output = Functional.ScaledDotProductAttention(q, k, v, ourMask, isCausal: mask == "causal", scale: scale);

        // NOTE: TorchSharp's binding has no scale argument; q·(scale·√E) under the default 1/√E scale is the same product.
        var torchQuery = scale is { } s ? tq * (s * Math.Sqrt(Embed)) : tq;
        var expected = TF.scaled_dot_product_attention(torchQuery, tk, tv, torchMask, 0, mask == "causal");
        var g = OpParity.Normal(rng, os.Aggregate(1, (a, b) => a * b));
        (output * OpParity.Ours(g, os, dtype)).Sum().Backward();
        (expected * OpParity.Torch(g, os, dtype)).sum().backward();
        var what = $"SDPA {mask} ({dtype})";
        Sequences.Compare(expected, output, tolerance, $"{what}: output");
        Sequences.Compare(tq.grad!, q.Grad!, tolerance, $"{what}: query gradient");
        Sequences.Compare(tk.grad!, k.Grad!, tolerance, $"{what}: key gradient");
        Sequences.Compare(tv.grad!, v.Grad!, tolerance, $"{what}: value gradient");
    }

    public static TheoryData<string, string> MhaCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dtype in new[] { "float64", "float32" })
        {
            foreach (var c in new[] { "plain", "key padding bool", "key padding float", "attn bool", "attn float 3d", "kdim vdim", "no bias", "causal", "batch first", "unbatched" })
            {
                data.Add(c, dtype);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MhaCases))]
    public void MultiheadAttention_OutputWeightsAndGradients_MatchLibtorch(string c, string dtypeName)
    {
        var (dtype, tolerance) = Kind(dtypeName);
        var what = $"MHA {c} ({dtype})";
        var rng = new Random(OpParity.StableSeed(what));
        int kdim = c == "kdim vdim" ? 3 : Embed, vdim = c == "kdim vdim" ? 4 : Embed;
        var bias = c != "no bias";
        var source = c == "causal" ? Length : Source;
        var ours = new MultiheadAttention(Embed, Heads, bias: bias, kdim: kdim, vdim: vdim, batchFirst: c == "batch first", dtype: dtype, generator: new AutoDiffGen.Generator(9));
        var theirs = torch.nn.MultiheadAttention(Embed, Heads, 0, bias, false, false, kdim, vdim);
        theirs.to(dtype == DType.Float64 ? torch.float64 : torch.float32);
        Sequences.CopyParameters(ours, theirs);

        var unbatched = c == "unbatched";
        int[] Shape(int length, int features) => unbatched ? [length, features] : [length, Batch, features];
        var (qv, kv, vv) = (OpParity.Normal(rng, Count(Shape(Length, Embed))), OpParity.Normal(rng, Count(Shape(source, kdim))), OpParity.Normal(rng, Count(Shape(source, vdim))));
        var (tq, tk, tv) = (OpParity.Torch(qv, Shape(Length, Embed), dtype).requires_grad_(), OpParity.Torch(kv, Shape(source, kdim), dtype).requires_grad_(), OpParity.Torch(vv, Shape(source, vdim), dtype).requires_grad_());
        var (q, k, v) = (Sequences.Leaf(OpParity.Ours(qv, Shape(Length, Embed), dtype)), Sequences.Leaf(OpParity.Ours(kv, Shape(source, kdim), dtype)), Sequences.Leaf(OpParity.Ours(vv, Shape(source, vdim), dtype)));

        Tensor? keyPadding = null, attnMask = null;
        torch.Tensor? torchKeyPadding = null, torchAttnMask = null;
        if (c.StartsWith("key padding", StringComparison.Ordinal))
        {
            // The last key of the first sequence and the last two of the second are padding.
            var padded = Enumerable.Range(0, Batch * source).Select(i => i % source >= source - 1 - (i / source)).ToArray();
            if (c.EndsWith("bool", StringComparison.Ordinal))
            {
                (keyPadding, torchKeyPadding) = (Tensor.FromArray(padded, Batch, source), torch.tensor(padded).reshape(Batch, source));
            }
            else
            {
                var values = padded.Select(p => p ? double.NegativeInfinity : 0.0).ToArray();
                (keyPadding, torchKeyPadding) = (OpParity.Ours(values, [Batch, source], dtype), OpParity.Torch(values, [Batch, source], dtype));
            }
        }
        else if (c == "attn bool")
        {
            var blocked = Enumerable.Range(0, Length * source).Select(i => i % source != 0 && rng.NextDouble() < 0.4).ToArray();
            (attnMask, torchAttnMask) = (Tensor.FromArray(blocked, Length, source), torch.tensor(blocked).reshape(Length, source));
        }
        else if (c == "attn float 3d")
        {
            var values = OpParity.Normal(rng, Batch * Heads * Length * source);
            (attnMask, torchAttnMask) = (OpParity.Ours(values, [Batch * Heads, Length, source], dtype), OpParity.Torch(values, [Batch * Heads, Length, source], dtype));
        }
        else if (c == "causal")
        {
            torchAttnMask = OpParity.Torch(Functional.GenerateSquareSubsequentMask(Length, DType.Float64).ToArray<double>(), [Length, Length], dtype);
        }

        Tensor Input(Tensor t) => c == "batch first" ? t.Transpose(0, 1) : t;
        var (output, weights) = ours.Call(Input(q), Input(k), Input(v), keyPadding, attnMask: attnMask, isCausal: c == "causal");
        if (c == "batch first")
        {
            output = output.Transpose(0, 1);
        }

        // torch.nn.MultiheadAttention in TorchSharp is libtorch's C++ module, which lacks unbatched input, kdim != vdim,
        // float key-padding masks and 3-D masks, and applies bool attention masks differently from Python's; those cases
        // are checked against Python's multi_head_attention_forward written in libtorch ops, on the same weights.
        var formula = c is "attn bool" or "attn float 3d" or "key padding float" or "kdim vdim" or "unbatched";
        var leaves = ours.NamedParameters().ToDictionary(p => p.Name, p => OpParity.Torch(p.Parameter.ToDoubleArray(), p.Parameter.Shape.ToArray(), dtype).requires_grad_());
        (torch.Tensor expected, torch.Tensor expectedWeights) = formula
            ? ReferenceAttention(leaves, unbatched ? tq.unsqueeze(1) : tq, unbatched ? tk.unsqueeze(1) : tk, unbatched ? tv.unsqueeze(1) : tv,
                unbatched && torchKeyPadding is not null ? torchKeyPadding.unsqueeze(0) : torchKeyPadding, torchAttnMask)
            : theirs.call(tq, tk, tv, torchKeyPadding, true, torchAttnMask).ToValueTuple();
        if (unbatched)
        {
            (expected, expectedWeights) = (expected.squeeze(1), expectedWeights.squeeze(0));
        }

        var g = OpParity.Normal(rng, Count(Shape(Length, Embed)));
        (output * OpParity.Ours(g, Shape(Length, Embed), dtype)).Sum().Backward();
        (expected * OpParity.Torch(g, Shape(Length, Embed), dtype)).sum().backward();
        Sequences.Compare(expected, output, tolerance, $"{what}: output");
        Sequences.Compare(expectedWeights, weights!, tolerance, $"{what}: averaged weights");
        Sequences.Compare(tq.grad!, q.Grad!, tolerance, $"{what}: query gradient");
        Sequences.Compare(tk.grad!, k.Grad!, tolerance, $"{what}: key gradient");
        Sequences.Compare(tv.grad!, v.Grad!, tolerance, $"{what}: value gradient");
        foreach (var (name, p) in ours.NamedParameters())
        {
            var expectedGrad = formula ? leaves[name].grad! : theirs.named_parameters().Single(t => t.name == name).parameter.grad!;
            Sequences.Compare(expectedGrad, p.Grad!, tolerance, $"{what}: gradient of {name}");
        }
    }

    /// <summary>Python's F.multi_head_attention_forward (seq-first, batched, no bias_k/v, no dropout) in libtorch ops.</summary>
    private static (torch.Tensor Output, torch.Tensor Weights) ReferenceAttention(Dictionary<string, torch.Tensor> p, torch.Tensor query, torch.Tensor key, torch.Tensor value,
        torch.Tensor? keyPaddingMask, torch.Tensor? attnMask)
    {
        long targets = query.shape[0], batch = query.shape[1], sources = key.shape[0], headDim = Embed / Heads;
        var (wq, wk, wv) = p.TryGetValue("in_proj_weight", out var packed)
            ? (packed[..Embed], packed[Embed..(2 * Embed)], packed[(2 * Embed)..])
            : (p["q_proj_weight"], p["k_proj_weight"], p["v_proj_weight"]);
        var hasBias = p.TryGetValue("in_proj_bias", out var b);
        torch.Tensor Project(torch.Tensor x, torch.Tensor w, int i, long length)
            => TF.linear(x, w, hasBias ? b![(i * Embed)..((i + 1) * Embed)] : null).reshape(length, batch * Heads, headDim).transpose(0, 1);
        var q = Project(query, wq, 0, targets);
        var k = Project(key, wk, 1, sources);
        var v = Project(value, wv, 2, sources);
        var scores = torch.bmm(q * (1 / Math.Sqrt(headDim)), k.transpose(1, 2));
        if (attnMask is not null)
        {
            var m = attnMask.dim() == 2 ? attnMask.unsqueeze(0) : attnMask;
            scores = m.dtype == torch.@bool ? scores.masked_fill(m, double.NegativeInfinity) : scores + m;
        }

        if (keyPaddingMask is not null)
        {
            var m = keyPaddingMask.view(batch, 1, 1, sources).expand(batch, Heads, 1, sources).reshape(batch * Heads, 1, sources);
            scores = m.dtype == torch.@bool ? scores.masked_fill(m, double.NegativeInfinity) : scores + m;
        }

        var weights = TF.softmax(scores, -1);
        var attended = torch.bmm(weights, v).transpose(0, 1).reshape(targets, batch, Embed);
        var output = TF.linear(attended, p["out_proj.weight"], hasBias ? p["out_proj.bias"] : null);
        return (output, weights.view(batch, Heads, targets, sources).mean([1]));
    }

    public static TheoryData<string, bool, string> LayerCases()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var dtype in new[] { "float64", "float32" })
        {
            foreach (var layer in new[] { "encoder", "decoder" })
            {
                data.Add(layer, true, dtype);
                data.Add(layer, false, dtype);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void TransformerLayers_InTrainModeWithoutDropoutAndInEvalMode_MatchTorchNn(string layer, bool train, string dtypeName)
    {
        var (dtype, tolerance) = Kind(dtypeName);
        foreach (var gelu in new[] { false, true })
        {
            var what = $"{layer} layer {(train ? "train, dropout 0" : "eval, dropout 0.1")} {(gelu ? "gelu" : "relu")} ({dtype})";
            var rng = new Random(OpParity.StableSeed(what));
            var dropout = train ? 0 : 0.1;
            var activation = gelu ? TransformerActivation.Gelu : TransformerActivation.Relu;
            var torchActivation = gelu ? torch.nn.Activations.GELU : torch.nn.Activations.ReLU;
            Module ours = layer == "encoder"
                ? new TransformerEncoderLayer(Embed, Heads, 8, dropout, activation, dtype: dtype, generator: new AutoDiffGen.Generator(4))
                : new TransformerDecoderLayer(Embed, Heads, 8, dropout, activation, dtype: dtype, generator: new AutoDiffGen.Generator(4));
            torch.nn.Module theirs = layer == "encoder"
                ? torch.nn.TransformerEncoderLayer(Embed, Heads, 8, dropout, torchActivation)
                : torch.nn.TransformerDecoderLayer(Embed, Heads, 8, dropout, torchActivation);
            theirs.to(dtype == DType.Float64 ? torch.float64 : torch.float32);
            Sequences.CopyParameters(ours, theirs);
            if (!train)
            {
                ours.Eval();
                theirs.eval();
            }

            var (x, tx) = Pair(rng, [Length, Batch, Embed], dtype);
            var (memory, tmemory) = Pair(rng, [Source, Batch, Embed], dtype);
            var causal = Functional.GenerateSquareSubsequentMask(Length, dtype);
            var torchCausal = OpParity.Torch(causal.ToDoubleArray(), [Length, Length], dtype);
            var padded = Enumerable.Range(0, Batch * Source).Select(i => i == Source - 1).ToArray();
            var (memoryPadding, torchMemoryPadding) = (Tensor.FromArray(padded, Batch, Source), torch.tensor(padded).reshape(Batch, Source));
            Tensor output;
            torch.Tensor expected;
            if (ours is TransformerEncoderLayer encoder)
            {
                output = encoder.Call(x, causal);
                expected = ((TorchSharp.Modules.TransformerEncoderLayer)theirs).call(tx, torchCausal, null);
            }
            else
            {
                output = ((TransformerDecoderLayer)ours).Call(x, memory, tgtMask: causal, memoryKeyPaddingMask: memoryPadding);
                expected = ((TorchSharp.Modules.TransformerDecoderLayer)theirs).call(tx, tmemory, torchCausal, null, null, torchMemoryPadding);
            }

            var g = OpParity.Normal(rng, Length * Batch * Embed);
            (output * OpParity.Ours(g, [Length, Batch, Embed], dtype)).Sum().Backward();
            (expected * OpParity.Torch(g, [Length, Batch, Embed], dtype)).sum().backward();
            Sequences.Compare(expected, output, tolerance, $"{what}: output");
            Sequences.Compare(tx.grad!, x.Grad!, tolerance, $"{what}: input gradient");
            if (layer == "decoder")
            {
                Sequences.Compare(tmemory.grad!, memory.Grad!, tolerance, $"{what}: memory gradient");
            }

            Sequences.CompareParameterGradients(ours, theirs, tolerance, what);
        }
    }

    public static TheoryData<string, bool, bool, string> FormulaCases()
    {
        var data = new TheoryData<string, bool, bool, string>();
        foreach (var dtype in new[] { "float64", "float32" })
        {
            foreach (var layer in new[] { "encoder", "decoder" })
            {
                data.Add(layer, true, false, dtype);
                data.Add(layer, true, true, dtype);
                data.Add(layer, false, true, dtype);
            }
        }

        return data;
    }

    /// <summary>norm_first, layer_norm_eps, gelu and batch_first, which TorchSharp's layer modules cannot be given, against PyTorch's formula.</summary>
    [Theory]
    [MemberData(nameof(FormulaCases))]
    public void TransformerLayers_NormFirstEpsAndBatchFirst_MatchPyTorchsFormulaInLibtorch(string layer, bool normFirst, bool batchFirst, string dtypeName)
    {
        var (dtype, tolerance) = Kind(dtypeName);
        var what = $"{layer} layer norm_first {normFirst} batch_first {batchFirst} ({dtype})";
        var rng = new Random(OpParity.StableSeed(what));
        const double eps = 1e-3;
        var scalar = dtype == DType.Float64 ? torch.float64 : torch.float32;
        Module ours = layer == "encoder"
            ? new TransformerEncoderLayer(Embed, Heads, 8, 0, TransformerActivation.Gelu, eps, batchFirst, normFirst, dtype: dtype, generator: new AutoDiffGen.Generator(6))
            : new TransformerDecoderLayer(Embed, Heads, 8, 0, TransformerActivation.Gelu, eps, batchFirst, normFirst, dtype: dtype, generator: new AutoDiffGen.Generator(6));
        var attentions = new Dictionary<string, TorchSharp.Modules.MultiheadAttention>();
        foreach (var name in layer == "encoder" ? new[] { "self_attn" } : ["self_attn", "multihead_attn"])
        {
            var mha = torch.nn.MultiheadAttention(Embed, Heads);
            mha.to(scalar);
            using (torch.no_grad())
            {
                foreach (var (pname, p) in mha.named_parameters())
                {
                    var source = ours.NamedParameters().Single(o => o.Name == $"{name}.{pname}").Parameter;
                    p.copy_(OpParity.Torch(source.ToDoubleArray(), source.Shape.ToArray(), dtype));
                }
            }

            attentions[name] = mha;
        }

        var plain = ours.NamedParameters().Where(p => !p.Name.Contains("attn", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => OpParity.Torch(p.Parameter.ToDoubleArray(), p.Parameter.Shape.ToArray(), dtype).requires_grad_());

        int[] xs = batchFirst ? [Batch, Length, Embed] : [Length, Batch, Embed], ms = batchFirst ? [Batch, Source, Embed] : [Source, Batch, Embed];
        var (x, tx) = Pair(rng, xs, dtype);
        var (memory, tmemory) = Pair(rng, ms, dtype);
        var causal = Functional.GenerateSquareSubsequentMask(Length, dtype);
        var torchCausal = OpParity.Torch(causal.ToDoubleArray(), [Length, Length], dtype);

        torch.Tensor Norm(torch.Tensor t, int i) => TF.layer_norm(t, [Embed], plain[$"norm{i}.weight"], plain[$"norm{i}.bias"], eps);
        torch.Tensor FeedForward(torch.Tensor t) => TF.linear(TF.gelu(TF.linear(t, plain["linear1.weight"], plain["linear1.bias"])), plain["linear2.weight"], plain["linear2.bias"]);
        torch.Tensor SeqFirst(torch.Tensor t) => batchFirst ? t.transpose(0, 1) : t;
        torch.Tensor Attend(string name, torch.Tensor q, torch.Tensor kv, torch.Tensor? mask)
            => SeqFirst(attentions[name].call(SeqFirst(q), SeqFirst(kv), SeqFirst(kv), null, false, mask).Item1);

        Tensor output;
        var t = tx;
        if (ours is TransformerEncoderLayer encoder)
        {
            output = encoder.Call(x, causal);
            if (normFirst)
            {
                var n = Norm(t, 1);
                t = t + Attend("self_attn", n, n, torchCausal);
                t = t + FeedForward(Norm(t, 2));
            }
            else
            {
                t = Norm(t + Attend("self_attn", t, t, torchCausal), 1);
                t = Norm(t + FeedForward(t), 2);
            }
        }
        else
        {
            output = ((TransformerDecoderLayer)ours).Call(x, memory, tgtMask: causal);
            if (normFirst)
            {
                var n = Norm(t, 1);
                t = t + Attend("self_attn", n, n, torchCausal);
                t = t + Attend("multihead_attn", Norm(t, 2), tmemory, null);
                t = t + FeedForward(Norm(t, 3));
            }
            else
            {
                t = Norm(t + Attend("self_attn", t, t, torchCausal), 1);
                t = Norm(t + Attend("multihead_attn", t, tmemory, null), 2);
                t = Norm(t + FeedForward(t), 3);
            }
        }

        var g = OpParity.Normal(rng, Count(xs));
        (output * OpParity.Ours(g, xs, dtype)).Sum().Backward();
        (t * OpParity.Torch(g, xs, dtype)).sum().backward();
        Sequences.Compare(t, output, tolerance, $"{what}: output");
        Sequences.Compare(tx.grad!, x.Grad!, tolerance, $"{what}: input gradient");
        if (layer == "decoder")
        {
            Sequences.Compare(tmemory.grad!, memory.Grad!, tolerance, $"{what}: memory gradient");
        }

        foreach (var (name, p) in ours.NamedParameters())
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var expectedGrad = plain.TryGetValue(name, out var leaf) ? leaf.grad! : attentions[name[..dot]].named_parameters().Single(q => q.name == name[(dot + 1)..]).parameter.grad!;
            Sequences.Compare(expectedGrad, p.Grad!, tolerance, $"{what}: gradient of {name}");
        }
    }

    private static (DType, double) Kind(string name) => name == "float64" ? (DType.Float64, 1e-10) : (DType.Float32, 1e-5);

    private static (Tensor Ours, torch.Tensor Torch) Pair(Random rng, int[] shape, DType dtype)
    {
        var values = OpParity.Normal(rng, Count(shape));
        return (Sequences.Leaf(OpParity.Ours(values, shape, dtype)), OpParity.Torch(values, shape, dtype).requires_grad_());
    }

    private static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);
}
