using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Caps the threads (the caller's included) that every kernel uses, GEMM and elementwise alike
    /// (<c>torch.set_num_threads</c>); clamped to [1, processor count]. 1 keeps all work on the calling thread.
    /// Process-wide; the default is the processor count.
    /// </summary>
    public static void SetNumThreads(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "SetNumThreads: the thread count must be at least 1.");
        }

        Parallelism.MaxThreads = threads;
    }

    /// <summary>The most threads a kernel uses (<c>torch.get_num_threads</c>); see <see cref="SetNumThreads"/>.</summary>
    public static int GetNumThreads() => Parallelism.MaxThreads;
}
