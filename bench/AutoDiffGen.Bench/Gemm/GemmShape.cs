namespace AutoDiffGen.Bench.Gemm;

/// <summary>One benchmarked product C = op(A) * op(B): op(A) is M x K, op(B) is K x N, transposed operands stored as such.</summary>
public sealed record GemmShape(string Name, int M, int N, int K, bool TransA, bool TransB)
{
    /// <summary>Square sizes and the MNIST MLP's (784-256-128-10, batch 128) forward and backward products.</summary>
    public static IReadOnlyList<GemmShape> Float32Shapes { get; } =
    [
        new("512^3", 512, 512, 512, false, false),
        new("1024^3", 1024, 1024, 1024, false, false),
        new("2048^3", 2048, 2048, 2048, false, false),
        new("fwd1 X[128x784]*W[784x256]", 128, 256, 784, false, false),
        new("fwd1 X*W^T (W stored 256x784)", 128, 256, 784, false, true),
        new("fwd2 [128x256]*[256x128]", 128, 128, 256, false, false),
        new("fwd3 [128x128]*[128x10]", 128, 10, 128, false, false),
        new("dW1 X^T*dY [784x128]*[128x256]", 784, 256, 128, true, false),
        new("dX1 dY*W^T [128x256]*[256x784]", 128, 784, 256, false, true),
        new("dW2 H^T*dY [256x128]*[128x128]", 256, 128, 128, true, false),
        new("dX2 dY*W^T [128x128]*[128x256]", 128, 256, 128, false, true),
        new("dW3 H^T*dY [128x128]*[128x10]", 128, 10, 128, true, false),
        new("dX3 dY*W^T [128x10]*[10x128]", 128, 128, 10, false, true),
    ];

    /// <summary>Square float64 sizes.</summary>
    public static IReadOnlyList<GemmShape> Float64Shapes { get; } =
    [
        new("512^3", 512, 512, 512, false, false),
        new("1024^3", 1024, 1024, 1024, false, false),
    ];

    /// <summary>Floating-point operations of one product (a multiply-add counts 2).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Row stride of A as stored.</summary>
    public int Lda => TransA ? M : K;

    /// <summary>Row stride of B as stored.</summary>
    public int Ldb => TransB ? K : N;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
