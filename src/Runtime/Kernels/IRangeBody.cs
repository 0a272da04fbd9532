namespace AutoDiffGen.Kernels;

/// <summary>
/// Work over a slice [start, start + length) of an index range, run by <c>Parallelism.For</c>. A struct
/// implementing it is copied once into a reusable job, so dispatch allocates nothing; <see cref="Run"/> may be called
/// from several threads at once on disjoint slices and must not change the struct.
/// </summary>
internal interface IRangeBody
{
    /// <summary>Processes elements [start, start + length).</summary>
    void Run(int start, int length);
}
