namespace AutoDiffGen.Tests.Tensors;

public class GeneratorStateTests
{
    [Fact]
    public void SetStateContinuesExactlyWhereGetStateWasTaken()
    {
        var g = new Generator(42);
        g.NextNormal(); // leaves a cached spare normal: part of the state
        g.NextUInt64();
        var state = g.GetState();
        var expected = Draws(g);

        Assert.Equal(expected, Draws(new Generator(999).SetState(state)));
        Assert.Equal(expected, Draws(g.SetState(state)));
    }

    [Fact]
    public void GetStateIsACopy()
    {
        var g = new Generator(1);
        var state = g.GetState();
        var before = state.ToArray<long>();
        g.NextUInt64();
        Assert.Equal(before, state.ToArray<long>());
        Assert.Equal(DType.Int64, state.DType);
        Assert.Equal(new Shape(Generator.StateLength), state.Shape);
    }

    [Fact]
    public void SetStateRejectsWhatGetStateCannotReturn()
    {
        var g = new Generator(1);
        Assert.Contains("int64 tensor of shape [6]", Assert.Throws<ArgumentException>(() => g.SetState(Tensor.Zeros(6))).Message);
        Assert.Contains("int64 tensor of shape [6]", Assert.Throws<ArgumentException>(() => g.SetState(Tensor.FromArray(new long[] { 1, 2 }))).Message);
        Assert.Contains("all zero", Assert.Throws<ArgumentException>(() => g.SetState(Tensor.FromArray(new long[6]))).Message);
        Assert.Contains("spare-normal flag is 2", Assert.Throws<ArgumentException>(() => g.SetState(Tensor.FromArray(new long[] { 1, 0, 0, 0, 2, 0 }))).Message);

        // A rejected state leaves the generator as it was.
        Assert.Equal(Draws(new Generator(1)), Draws(g));
    }

    private static double[] Draws(Generator g) => [g.NextNormal(), g.NextNormal(), g.NextDouble(), g.NextSingle(), g.NextInt64(0, 1000), g.NextNormal()];
}
