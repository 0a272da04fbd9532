using AutoDiffGen.Distributed;

namespace AutoDiffGen.Tests.Distributed;

public class BucketAssignmentTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void FirstBucketIsSmallAndLaterOnesFillToTheCap()
    {
        // Sizes in the order the gradients arrive (reverse registration order).
        var sizes = new (long, DType)[] { (MiB / 2, DType.Float32), (MiB / 2, DType.Float32), (MiB / 4, DType.Float32), (10 * MiB, DType.Float32), (20 * MiB, DType.Float32), (MiB, DType.Float32) };

        var buckets = DistributedDataParallel.ComputeBucketAssignment(sizes, DistributedDataParallel.DefaultFirstBucketBytes, 25 * MiB);

        // The first closes on reaching 1 MiB; the second on reaching 25 MiB (one tensor past the cap); the rest is the last.
        Assert.Equal([[0, 1], [2, 3, 4], [5]], buckets);
    }

    [Fact]
    public void EachDTypeHasItsOwnBuckets()
    {
        var sizes = new (long, DType)[] { (100, DType.Float32), (100, DType.Float64), (100, DType.Float32) };

        var buckets = DistributedDataParallel.ComputeBucketAssignment(sizes, 150, 150);

        Assert.Equal([[0, 2], [1]], buckets);
    }

    [Fact]
    public void MissingLibmpiNamesThePackagesToInstall()
    {
        var e = Assert.Throws<DllNotFoundException>(() => AutoDiffGen.Distributed.Native.MpiLibrary.Load(["/nonexistent/libmpi.so.40"]));

        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", e.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/libmpi.so.40", e.Message, StringComparison.Ordinal);
    }
}
