using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Sequence;

/// <summary>
/// RNNCell, LSTMCell and GRUCell against torch.nn's with copied weights; Embedding (padding_idx, max_norm) against
/// torch.nn.Embedding; an LSTM with proj_size against the same recurrence written in libtorch ops (TorchSharp's LSTM
/// has no proj_size).
/// </summary>
public class CellAndEmbeddingParityTests
{
    public static TheoryData<string, bool, string> CellCases()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var dtype in new[] { "float64", "float32" })
        {
            foreach (var mode in new[] { "lstm", "gru", "rnn_tanh", "rnn_relu" })
            {
                data.Add(mode, true, dtype);
                data.Add(mode, false, dtype);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CellCases))]
    public void Cell_ForwardAndGradients_MatchLibtorch(string mode, bool bias, string dtypeName)
    {
        var dtype = dtypeName == "float64" ? DType.Float64 : DType.Float32;
        var tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;
        var scalar = dtype == DType.Float64 ? torch.float64 : torch.float32;
        var what = $"{mode} cell bias {bias} ({dtype})";
        var rng = new Random(OpParity.StableSeed(what));
        const int batch = 3, input = 4, hidden = 5;
        var generator = new AutoDiffGen.Generator(11);
        RNNCellBase ours = mode switch
        {
            "lstm" => new LSTMCell(input, hidden, bias, dtype, generator),
            "gru" => new GRUCell(input, hidden, bias, dtype, generator),
            _ => new RNNCell(input, hidden, bias, mode == "rnn_relu" ? RNNNonlinearity.Relu : RNNNonlinearity.Tanh, dtype, generator),
        };
        torch.nn.Module theirs = mode switch
        {
            "lstm" => torch.nn.LSTMCell(input, hidden, bias, dtype: scalar),
            "gru" => torch.nn.GRUCell(input, hidden, bias, dtype: scalar),
            _ => torch.nn.RNNCell(input, hidden, mode == "rnn_relu" ? torch.nn.NonLinearities.ReLU : torch.nn.NonLinearities.Tanh, bias, dtype: scalar),
        };
        Sequences.CopyParameters(ours, theirs);

        var (xv, hv, cv) = (OpParity.Normal(rng, batch * input), OpParity.Normal(rng, batch * hidden), OpParity.Normal(rng, batch * hidden));
        var (gh, gc) = (OpParity.Normal(rng, batch * hidden), OpParity.Normal(rng, batch * hidden));
        int[] xs = [batch, input], hs = [batch, hidden];
        var (x, h, c) = (Sequences.Leaf(OpParity.Ours(xv, xs, dtype)), Sequences.Leaf(OpParity.Ours(hv, hs, dtype)), Sequences.Leaf(OpParity.Ours(cv, hs, dtype)));
        var (tx, th, tc) = (OpParity.Torch(xv, xs, dtype).requires_grad_(), OpParity.Torch(hv, hs, dtype).requires_grad_(), OpParity.Torch(cv, hs, dtype).requires_grad_());
        Tensor hNew, loss;
        Tensor? cNew = null;
        torch.Tensor thNew, tLoss;
        torch.Tensor? tcNew = null;
        switch (ours)
        {
            case LSTMCell lstm:
                (hNew, cNew) = lstm.Call(x, (h, c));
                (thNew, tcNew) = ((TorchSharp.Modules.LSTMCell)theirs).call(tx, (th, tc));
                break;
            case GRUCell gru:
                hNew = gru.Call(x, h);
                thNew = ((TorchSharp.Modules.GRUCell)theirs).call(tx, th);
                break;
            default:
                hNew = ((RNNCell)ours).Call(x, h);
                thNew = ((TorchSharp.Modules.RNNCell)theirs).call(tx, th);
                break;
        }

        loss = (hNew * OpParity.Ours(gh, hs, dtype)).Sum();
        tLoss = (thNew * OpParity.Torch(gh, hs, dtype)).sum();
        if (cNew is not null)
        {
            loss += (cNew * OpParity.Ours(gc, hs, dtype)).Sum();
            tLoss += (tcNew! * OpParity.Torch(gc, hs, dtype)).sum();
        }

        loss.Backward();
        tLoss.backward();
        Sequences.Compare(thNew, hNew, tolerance, $"{what}: h'");
        if (cNew is not null)
        {
            Sequences.Compare(tcNew!, cNew, tolerance, $"{what}: c'");
            Sequences.Compare(tc.grad!, c.Grad!, tolerance, $"{what}: c gradient");
        }

        Sequences.Compare(tx.grad!, x.Grad!, tolerance, $"{what}: input gradient");
        Sequences.Compare(th.grad!, h.Grad!, tolerance, $"{what}: h gradient");
        Sequences.CompareParameterGradients(ours, theirs, tolerance, what);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(2, null)]
    [InlineData(-1, null)]
    [InlineData(null, 1.5)]
    [InlineData(3, 0.75)] // NOTE: TorchSharp hands max_norm to libtorch as a float, so values here are exact in float32
    public void Embedding_LookupRenormAndGradient_MatchLibtorch(int? paddingIdx, double? maxNorm)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;
            var scalar = dtype == DType.Float64 ? torch.float64 : torch.float32;
            var what = $"Embedding padding_idx {paddingIdx} max_norm {maxNorm} ({dtype})";
            var rng = new Random(OpParity.StableSeed(what));
            var ours = new Embedding(7, 4, paddingIdx, maxNorm, dtype: dtype, generator: new AutoDiffGen.Generator(5));
            var theirs = torch.nn.Embedding(7, 4, paddingIdx is { } p ? p : null, maxNorm, dtype: scalar);
            Sequences.CopyParameters(ours, theirs);
            long[] indices = [1, 3, 2, 6, 3, 0, 2, 5];
            var g = OpParity.Normal(rng, indices.Length * 4);
            var output = ours.Call(Tensor.FromArray(indices, 2, 4));
            var tOutput = theirs.call(torch.tensor(indices).reshape(2, 4));
            (output * OpParity.Ours(g, [2, 4, 4], dtype)).Sum().Backward();
            (tOutput * OpParity.Torch(g, [2, 4, 4], dtype)).sum().backward();
            Sequences.Compare(tOutput, output, tolerance, $"{what}: output");
            Sequences.Compare(theirs.weight!, ours.Weight, tolerance, $"{what}: weight after the lookup");
            Sequences.CompareParameterGradients(ours, theirs, tolerance, what);
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void LstmWithProjection_MatchesTheRecurrenceInLibtorch(int layers, bool bidirectional)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;
            var what = $"LSTM proj_size 3 layers {layers} bidirectional {bidirectional} ({dtype})";
            var rng = new Random(OpParity.StableSeed(what));
            const int steps = 4, batch = 2, input = 5, hidden = 6, proj = 3;
            var directions = bidirectional ? 2 : 1;
            var ours = new LSTM(input, hidden, layers, bidirectional: bidirectional, projSize: proj, dtype: dtype, generator: new AutoDiffGen.Generator(3));
            Assert.Contains(ours.NamedParameters(), p => p.Name == "weight_hr_l0" && p.Parameter.Shape == new Shape(proj, hidden));
            int[] xs = [steps, batch, input], hs = [layers * directions, batch, proj], cs = [layers * directions, batch, hidden];
            int[] os = [steps, batch, directions * proj];
            var (xv, hv, cv) = (OpParity.Normal(rng, steps * batch * input), OpParity.Normal(rng, hs.Aggregate(1, (a, b) => a * b)), OpParity.Normal(rng, cs.Aggregate(1, (a, b) => a * b)));
            var (go, gh, gc) = (OpParity.Normal(rng, os.Aggregate(1, (a, b) => a * b)), OpParity.Normal(rng, hv.Length), OpParity.Normal(rng, cv.Length));

            var (x, h0, c0) = (Sequences.Leaf(OpParity.Ours(xv, xs, dtype)), Sequences.Leaf(OpParity.Ours(hv, hs, dtype)), Sequences.Leaf(OpParity.Ours(cv, cs, dtype)));
            var (output, (hN, cN)) = ours.Call(x, (h0, c0));
            ((output * OpParity.Ours(go, os, dtype)).Sum() + (hN * OpParity.Ours(gh, hs, dtype)).Sum() + (cN * OpParity.Ours(gc, cs, dtype)).Sum()).Backward();

            var weights = ours.NamedParameters().ToDictionary(p => p.Name, p => OpParity.Torch(p.Parameter.ToDoubleArray(), p.Parameter.Shape.ToArray(), dtype).requires_grad_());
            var (tx, th0, tc0) = (OpParity.Torch(xv, xs, dtype).requires_grad_(), OpParity.Torch(hv, hs, dtype).requires_grad_(), OpParity.Torch(cv, cs, dtype).requires_grad_());
            var layerInput = tx;
            var finalH = new List<torch.Tensor>();
            var finalC = new List<torch.Tensor>();
            for (var layer = 0; layer < layers; layer++)
            {
                var outputs = new List<torch.Tensor>();
                for (var direction = 0; direction < directions; direction++)
                {
                    var k = (layer * directions) + direction;
                    var suffix = $"_l{layer}" + (direction == 1 ? "_reverse" : string.Empty);
                    var (h, c) = (th0[k], tc0[k]);
                    var perStep = new torch.Tensor[steps];
                    for (var s = 0; s < steps; s++)
                    {
                        var t = direction == 1 ? steps - 1 - s : s;
                        var gates = layerInput[t].matmul(weights["weight_ih" + suffix].t()) + weights["bias_ih" + suffix]
                            + h.matmul(weights["weight_hh" + suffix].t()) + weights["bias_hh" + suffix];
                        var g = gates.chunk(4, 1);
                        c = (torch.sigmoid(g[1]) * c) + (torch.sigmoid(g[0]) * torch.tanh(g[2]));
                        h = (torch.sigmoid(g[3]) * torch.tanh(c)).matmul(weights["weight_hr" + suffix].t());
                        perStep[t] = h;
                    }

                    outputs.Add(torch.stack(perStep, 0));
                    finalH.Add(h);
                    finalC.Add(c);
                }

                layerInput = torch.cat(outputs.ToArray(), 2);
            }

            var (tOutput, thN, tcN) = (layerInput, torch.stack(finalH, 0), torch.stack(finalC, 0));
            ((tOutput * OpParity.Torch(go, os, dtype)).sum() + (thN * OpParity.Torch(gh, hs, dtype)).sum() + (tcN * OpParity.Torch(gc, cs, dtype)).sum()).backward();
            Sequences.Compare(tOutput, output, tolerance, $"{what}: output");
            Sequences.Compare(thN, hN, tolerance, $"{what}: h_n");
            Sequences.Compare(tcN, cN, tolerance, $"{what}: c_n");
            Sequences.Compare(tx.grad!, x.Grad!, tolerance, $"{what}: input gradient");
            Sequences.Compare(th0.grad!, h0.Grad!, tolerance, $"{what}: h_0 gradient");
            Sequences.Compare(tc0.grad!, c0.Grad!, tolerance, $"{what}: c_0 gradient");
            foreach (var (name, p) in ours.NamedParameters())
            {
                Sequences.Compare(weights[name].grad!, p.Grad!, tolerance, $"{what}: gradient of {name}");
            }
        }
    }
}
