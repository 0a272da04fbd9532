namespace AutoDiffGen.Nn;

/// <summary>Batch normalisation of [N, C] or [N, C, L] input per channel (<c>torch.nn.BatchNorm1d</c>); see <see cref="BatchNormBase"/>.</summary>
public sealed class BatchNorm1d : BatchNormBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">Channels (features) C of the input.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Weight of each batch in the running statistics; null for a cumulative average.</param>
    /// <param name="affine">Whether to learn weight and bias.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics (and use them in evaluation).</param>
    /// <param name="dtype">Parameter and statistics dtype.</param>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
        : base(nameof(BatchNorm1d), numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }

    private protected override bool AcceptsRank(int rank) => rank is 2 or 3;

    private protected override string ExpectedShapes => "a 2-D [N, C] or 3-D [N, C, L]";
}
