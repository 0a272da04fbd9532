namespace AutoDiffGen.Nn;

/// <summary>
/// One time step of each recurrent cell, shared by the layers and the cells. <c>inputProjection</c> is W_ih·x + b_ih
/// (for RNN and LSTM the layers fold b_hh into it too and pass no <c>hiddenBias</c>); the hidden projection is one GEMM
/// per step; the gate arithmetic is one generated, fused node (<see cref="Composites"/>).
/// </summary>
internal static class RecurrentSteps
{
    internal static int GateCount(RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => 4,
        RecurrentMode.Gru => 3,
        _ => 1,
    };

    /// <summary>An Elman step: act(inputProjection + W_hh·h + b_hh).</summary>
    internal static Tensor Rnn(Tensor inputProjection, Tensor h, Tensor weightHh, Tensor? hiddenBias, bool relu)
    {
        var pre = inputProjection + Functional.Linear(h, weightHh, hiddenBias);
        return relu ? Tensor.Relu(pre) : Tensor.Tanh(pre);
    }

    /// <summary>An LSTM step; with <paramref name="weightHr"/> the new h is projected to proj_size (PyTorch's proj_size).</summary>
    internal static (Tensor H, Tensor C) Lstm(Tensor inputProjection, Tensor h, Tensor c, Tensor weightHh, Tensor? hiddenBias, Tensor? weightHr)
    {
        var gates = inputProjection + Functional.Linear(h, weightHh, hiddenBias);
        var g = gates.Chunk(4, dim: -1);
        var cNew = Composites.LstmCellStateNode(g[0], g[1], g[2], c);
        var hNew = Composites.LstmCellOutputNode(g[3], cNew);
        if (weightHr is not null)
        {
            hNew = Tensor.MatMul(hNew, weightHr.T);
        }

        return (hNew, cNew);
    }

    /// <summary>A GRU step; the hidden bias stays separate, since b_hn sits inside r·(W_hn·h + b_hn).</summary>
    internal static Tensor Gru(Tensor inputProjection, Tensor h, Tensor weightHh, Tensor? hiddenBias)
    {
        var x = inputProjection.Chunk(3, dim: -1);
        var hh = Functional.Linear(h, weightHh, hiddenBias).Chunk(3, dim: -1);
        return Composites.GruCellOutputNode(x[0], x[1], x[2], hh[0], hh[1], hh[2], h);
    }
}
