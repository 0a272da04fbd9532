namespace AutoDiffGen.Kernels;

/// <summary>Which micro-kernel family a GEMM call uses; tests force each one that the CPU supports.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain scalar code: runs anywhere.</summary>
    Scalar,

    /// <summary>Vector256 with FMA3 when present (AVX2-class CPUs).</summary>
    Vector256,

    /// <summary>Vector512 with AVX-512F FMA.</summary>
    Vector512,
}
