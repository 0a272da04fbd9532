namespace AutoDiffGen.Tests.Tensors;

/// <summary>Element counts are checked where a shape is made: a wrapped count would give wrong sums and indexing.</summary>
public class ShapeLimitTests
{
    [Fact]
    public void ZerosWhoseCountWrapsTo0IsRefusedNamingTheOpAndShape()
    {
        // 2^21 * 2^21 * 2^22 = 2^64, which a 64-bit product wraps to 0.
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2097152, 2097152, 4194304));
        Assert.Contains("Zeros", error.Message);
        Assert.Contains("[2097152, 2097152, 4194304]", error.Message);
        Assert.Contains("18446744073709551616 elements", error.Message);
    }

    [Theory]
    [InlineData(new[] { 65536, 65536 })]
    [InlineData(new[] { int.MaxValue, 2 })]
    [InlineData(new[] { 2147483592 })] // one past Array.MaxLength
    public void CountsOverWhatAnArrayHoldsAreRefused(int[] dims)
    {
        var error = Assert.Throws<ArgumentException>(() => new Shape(dims));
        Assert.Contains("more than a tensor can hold", error.Message);
        Assert.Contains(Shape.MaxElements.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Ones(dims));
        Assert.Contains("Rand", Assert.Throws<ArgumentException>(() => Tensor.Rand(dims)).Message);
    }

    [Fact]
    public void AnEmptyShapeWhoseStridesWouldOverflowIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Shape(0, 65536, 65536));
        Assert.Contains("has 0 elements", error.Message);
        Assert.Contains("4294967296", error.Message);
    }

    [Fact]
    public void TheLargestCountsStillMakeShapes()
    {
        Assert.Equal(Shape.MaxElements, new Shape(Shape.MaxElements).NumElements);
        Assert.Equal(0, new Shape(0, 46340, 46340).NumElements);
        Assert.Equal(46340 * 46340, new Shape(46340, 46340).NumElements);
    }

    [Fact]
    public void BroadcastExpandAndReshapeRefuseOverflowingShapes()
    {
        var column = Tensor.Zeros(65536, 1).Expand(65536, 1);
        var row = Tensor.Zeros(1, 65536);
        var broadcast = Assert.Throws<ArgumentException>(() => Shape.Broadcast(column.Shape, row.Shape, "Add"));
        Assert.Contains("Add: shape [65536, 65536]", broadcast.Message);

        var expand = Assert.Throws<ArgumentException>(() => row.Expand(65536, 65536));
        Assert.Contains("Expand", expand.Message);

        // 2^32 + 6 wraps to 6 in 32 bits, which divides 12: a wrapped product would infer a dimension of 2.
        var reshape = Assert.Throws<ArgumentException>(() => Tensor.Zeros(12).Reshape(65536, 65537, -1));
        Assert.Contains("Reshape", reshape.Message);
    }

    [Fact]
    public void ArangeBeyondAnArrayNamesTheOpAndCount()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1e12));
        Assert.Contains("Arange", error.Message);
        Assert.Contains("1000000000000 elements", error.Message);
    }

    [Fact]
    public void AllocationFailureNamesTheOpAndSize()
    {
        // The largest float64 array .NET allows is 16 GiB, beyond what the test machines hand a single allocation
        // only sometimes: so the failure path is checked directly, as creation ops call it.
        var inner = new OutOfMemoryException();
        var error = Tensor.AllocationFailed("Zeros", new Shape(50000, 40000), DType.Float64, inner);
        Assert.Contains("Zeros", error.Message);
        Assert.Contains("[50000, 40000]", error.Message);
        Assert.Contains("16000000000 bytes", error.Message);
        Assert.Same(inner, error.InnerException);
    }
}
