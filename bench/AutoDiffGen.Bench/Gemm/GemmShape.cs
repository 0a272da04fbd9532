namespace AutoDiffGen.Bench.Gemm;

/// <summary>One benchmarked product C = op(A) * op(B): op(A) is M x K, op(B) is K x N, transposed operands stored as such.</summary>
public sealed record GemmShape(string Name, int M, int N, int K, bool TransA, bool TransB)
{
    /// <summary>
    /// Square sizes and the MNIST MLP's (784-256-128-10, batch 128) forward and backward products, with W1 784x256,
    /// W2 256x128, W3 128x10 (in x out), H1/H2 the hidden activations and dZ the gradients at each layer's output.
    /// "t" marks an operand used transposed; "fwd1 X*W1t" is the same product with W1 stored out x in, as
    /// torch.nn.Linear keeps it. Names stay within BenchmarkDotNet's 20-character parameter column.
    /// </summary>
    public static IReadOnlyList<GemmShape> Float32Shapes { get; } =
    [
        new("512^3", 512, 512, 512, false, false),
        new("1024^3", 1024, 1024, 1024, false, false),
        new("2048^3", 2048, 2048, 2048, false, false),
        new("fwd1 X*W1", 128, 256, 784, false, false),
        new("fwd1 X*W1t", 128, 256, 784, false, true),
        new("fwd2 H1*W2", 128, 128, 256, false, false),
        new("fwd3 H2*W3", 128, 10, 128, false, false),
        new("dW1 Xt*dZ1", 784, 256, 128, true, false),
        new("dX dZ1*W1t", 128, 784, 256, false, true),
        new("dW2 H1t*dZ2", 256, 128, 128, true, false),
        new("dH1 dZ2*W2t", 128, 256, 128, false, true),
        new("dW3 H2t*dZ3", 128, 10, 128, true, false),
        new("dH2 dZ3*W3t", 128, 128, 10, false, true),
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
