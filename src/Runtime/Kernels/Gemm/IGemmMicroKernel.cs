namespace AutoDiffGen.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: updates one <see cref="MR"/> x <see cref="NR"/> tile of C from packed panels.
/// Static abstract members let <see cref="GemmDriver{T, TKernel}"/> be specialised per kernel by the JIT (no virtual calls).
/// </summary>
internal unsafe interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of the C tile (the broadcast operand's panel width).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the C tile (the vector operand's panel width).</summary>
    static abstract int NR { get; }

    /// <summary>
    /// C[0..MR, 0..NR) = alpha * sum_p a[p*MR + i] * b[p*NR + j] + beta * C, with C read only when
    /// <paramref name="betaIsZero"/> is false (BLAS semantics: NaN in C is ignored when beta is 0).
    /// </summary>
    static abstract void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero);

    /// <summary>Whether <see cref="RunDirect"/> is implemented.</summary>
    static virtual bool SupportsDirectA => false;

    /// <summary>
    /// As <see cref="Run"/>, but A is read where it lies instead of from a packed panel: element (i, p) of the tile is
    /// <c>a[i * rowStride + p * depthStride]</c>. All <see cref="MR"/> rows must exist (ragged tiles are packed).
    /// </summary>
    static virtual void RunDirect(int kc, T* a, nint rowStride, nint depthStride, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero)
        => throw new NotSupportedException("This micro-kernel reads A only from packed panels.");
}
