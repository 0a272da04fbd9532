namespace AutoDiffGen.Nn;

/// <summary>Batch normalisation of [N, C, H, W] input per channel (<c>torch.nn.BatchNorm2d</c>); see <see cref="BatchNormBase"/>.</summary>
public sealed class BatchNorm2d : BatchNormBase
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">Channels C of the input.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Weight of each batch in the running statistics; null for a cumulative average.</param>
    /// <param name="affine">Whether to learn weight and bias.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics (and use them in evaluation).</param>
    /// <param name="dtype">Parameter and statistics dtype.</param>
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
        : base(nameof(BatchNorm2d), numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }

    private protected override bool AcceptsRank(int rank) => rank == 4;

    private protected override string ExpectedShapes => "a 4-D [N, C, H, W]";
}
