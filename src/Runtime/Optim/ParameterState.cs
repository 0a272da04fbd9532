namespace AutoDiffGen.Optim;

/// <summary>
/// What an optimizer keeps for one parameter (an entry of PyTorch's <c>optimizer.state</c>): the step count and named
/// buffers such as <c>momentum_buffer</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>, <c>square_avg</c>,
/// <c>grad_avg</c> or <c>sum</c>.
/// </summary>
public sealed class ParameterState
{
    /// <summary>Number of steps taken on this parameter.</summary>
    public double Step { get; set; }

    /// <summary>The named state buffers, each shaped like the parameter.</summary>
    public Dictionary<string, Tensor> Buffers { get; } = new(StringComparer.Ordinal);
}
