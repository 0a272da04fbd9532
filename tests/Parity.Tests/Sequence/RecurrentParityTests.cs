using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Sequence;

/// <summary>
/// RNN (tanh, relu), LSTM and GRU against torch.nn's with the same weights copied by PyTorch's parameter names: the
/// output, the final states and the gradient of the input, of the initial states and of every parameter, for a
/// scalar loss Σ output·g + Σ h_n·g_h (+ Σ c_n·g_c) with random g. Variable lengths go through libtorch's
/// pack_padded_sequence / pad_packed_sequence.
/// </summary>
public class RecurrentParityTests
{
    private const int Steps = 5, Batch = 3, InputSize = 4, Hidden = 6;

    public static TheoryData<string, int, bool, bool, bool, bool, bool> Configurations()
    {
        var data = new TheoryData<string, int, bool, bool, bool, bool, bool>();
        foreach (var mode in new[] { "lstm", "gru", "rnn_tanh", "rnn_relu" })
        {
            // mode, layers, bidirectional, batchFirst, bias, initial states, variable lengths
            data.Add(mode, 2, true, false, true, true, false);
            data.Add(mode, 2, true, true, true, false, true);
            data.Add(mode, 1, false, false, false, true, true);
            data.Add(mode, 2, false, true, true, true, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Float64_MatchesLibtorch(string mode, int layers, bool bidirectional, bool batchFirst, bool bias, bool states, bool lengths)
        => Check(mode, layers, bidirectional, batchFirst, bias, states, lengths, DType.Float64, 1e-10);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Float32_MatchesLibtorch(string mode, int layers, bool bidirectional, bool batchFirst, bool bias, bool states, bool lengths)
        => Check(mode, layers, bidirectional, batchFirst, bias, states, lengths, DType.Float32, 1e-5);

    private static void Check(string mode, int layers, bool bidirectional, bool batchFirst, bool bias, bool states, bool variable, DType dtype, double tolerance)
    {
        var what = $"{mode} layers {layers} bidirectional {bidirectional} batch_first {batchFirst} bias {bias} states {states} lengths {variable} ({dtype})";
        var rng = new Random(OpParity.StableSeed(what));
        var generator = new AutoDiffGen.Generator(7);
        RNNBase ours = mode switch
        {
            "lstm" => new LSTM(InputSize, Hidden, layers, bias, batchFirst, 0, bidirectional, dtype: dtype, generator: generator),
            "gru" => new GRU(InputSize, Hidden, layers, bias, batchFirst, 0, bidirectional, dtype, generator),
            _ => new RNN(InputSize, Hidden, layers, mode == "rnn_relu" ? RNNNonlinearity.Relu : RNNNonlinearity.Tanh, bias, batchFirst, 0, bidirectional, dtype, generator),
        };
        var scalar = dtype == DType.Float64 ? torch.float64 : torch.float32;
        torch.nn.Module theirs = mode switch
        {
            "lstm" => torch.nn.LSTM(InputSize, Hidden, layers, bias, batchFirst, 0, bidirectional, dtype: scalar),
            "gru" => torch.nn.GRU(InputSize, Hidden, layers, bias, batchFirst, 0, bidirectional, dtype: scalar),
            _ => torch.nn.RNN(InputSize, Hidden, layers, mode == "rnn_relu" ? torch.nn.NonLinearities.ReLU : torch.nn.NonLinearities.Tanh, bias, batchFirst, 0, bidirectional, dtype: scalar),
        };
        Sequences.CopyParameters(ours, theirs);

        var directions = bidirectional ? 2 : 1;
        int[] xShape = batchFirst ? [Batch, Steps, InputSize] : [Steps, Batch, InputSize];
        int[] stateShape = [layers * directions, Batch, Hidden];
        int[] outShape = batchFirst ? [Batch, Steps, directions * Hidden] : [Steps, Batch, directions * Hidden];
        var xValues = OpParity.Normal(rng, Count(xShape));
        var h0Values = OpParity.Normal(rng, Count(stateShape));
        var c0Values = OpParity.Normal(rng, Count(stateShape));
        var gOut = OpParity.Normal(rng, Count(outShape));
        var gH = OpParity.Normal(rng, Count(stateShape));
        var gC = OpParity.Normal(rng, Count(stateShape));
        int[]? lengths = variable ? [Steps, 2, 4] : null;

        var x = Sequences.Leaf(OpParity.Ours(xValues, xShape, dtype));
        var h0 = states ? Sequences.Leaf(OpParity.Ours(h0Values, stateShape, dtype)) : null;
        var c0 = states ? Sequences.Leaf(OpParity.Ours(c0Values, stateShape, dtype)) : null;
        Tensor output, hN;
        Tensor? cN = null;
        switch (ours)
        {
            case LSTM lstm:
                (output, (hN, var c)) = lstm.Call(x, states ? (h0!, c0!) : null, lengths);
                cN = c;
                break;
            case GRU gru:
                (output, hN) = gru.Call(x, h0, lengths);
                break;
            default:
                (output, hN) = ((RNN)ours).Call(x, h0, lengths);
                break;
        }

        var loss = (output * OpParity.Ours(gOut, outShape, dtype)).Sum() + (hN * OpParity.Ours(gH, stateShape, dtype)).Sum();
        if (cN is not null)
        {
            loss += (cN * OpParity.Ours(gC, stateShape, dtype)).Sum();
        }

        loss.Backward();

        var tx = OpParity.Torch(xValues, xShape, dtype).requires_grad_();
        var th0 = states ? OpParity.Torch(h0Values, stateShape, dtype).requires_grad_() : null;
        var tc0 = states ? OpParity.Torch(c0Values, stateShape, dtype).requires_grad_() : null;
        var (tOut, tH, tC) = RunTorch(theirs, tx, th0, tc0, lengths, batchFirst);
        var tLoss = (tOut * OpParity.Torch(gOut, outShape, dtype)).sum() + (tH * OpParity.Torch(gH, stateShape, dtype)).sum();
        if (tC is not null)
        {
            tLoss += (tC * OpParity.Torch(gC, stateShape, dtype)).sum();
        }

        tLoss.backward();

        Sequences.Compare(tOut, output, tolerance, $"{what}: output");
        Sequences.Compare(tH, hN, tolerance, $"{what}: h_n");
        if (tC is not null)
        {
            Sequences.Compare(tC, cN!, tolerance, $"{what}: c_n");
        }

        Sequences.Compare(tx.grad!, x.Grad!, tolerance, $"{what}: input gradient");
        if (states)
        {
            Sequences.Compare(th0!.grad!, h0!.Grad!, tolerance, $"{what}: h_0 gradient");
            if (tC is not null)
            {
                Sequences.Compare(tc0!.grad!, c0!.Grad!, tolerance, $"{what}: c_0 gradient");
            }
        }

        Sequences.CompareParameterGradients(ours, theirs, tolerance, what);
    }

    private static (torch.Tensor Output, torch.Tensor H, torch.Tensor? C) RunTorch(
        torch.nn.Module module, torch.Tensor x, torch.Tensor? h0, torch.Tensor? c0, int[]? lengths, bool batchFirst)
    {
        if (lengths is null)
        {
            return module switch
            {
                TorchSharp.Modules.LSTM lstm => lstm.call(x, h0 is null ? null : (h0, c0!)),
                TorchSharp.Modules.GRU gru => Pair(gru.call(x, h0)),
                TorchSharp.Modules.RNN rnn => Pair(rnn.call(x, h0)),
                _ => throw new InvalidOperationException(),
            };
        }

        var packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths.Select(l => (long)l).ToArray()), batchFirst, enforce_sorted: false);
        torch.nn.utils.rnn.PackedSequence result;
        torch.Tensor h;
        torch.Tensor? c = null;
        switch (module)
        {
            case TorchSharp.Modules.LSTM lstm:
                (result, h, c) = lstm.call(packed, h0 is null ? null : (h0, c0!));
                break;
            case TorchSharp.Modules.GRU gru:
                (result, h) = gru.call(packed, h0);
                break;
            default:
                (result, h) = ((TorchSharp.Modules.RNN)module).call(packed, h0);
                break;
        }

        var (padded, _) = torch.nn.utils.rnn.pad_packed_sequence(result, batchFirst, total_length: Steps);
        return (padded, h, c);
    }

    private static (torch.Tensor, torch.Tensor, torch.Tensor?) Pair((torch.Tensor, torch.Tensor) r) => (r.Item1, r.Item2, null);

    private static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);
}
