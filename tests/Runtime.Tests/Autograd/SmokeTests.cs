namespace AutoDiffGen.Tests.Autograd;

public class SmokeTests
{
    [Fact]
    public void MulAddSumBackwardGivesProductRuleGradients()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3 }).RequiresGrad_();
        var b = Tensor.FromArray(new float[] { 4, 5, 6 }).RequiresGrad_();
        var loss = (a * b + a).Sum();
        loss.Backward();
        Assert.Equal(1 * 4 + 1 + 2 * 5 + 2 + 3 * 6 + 3, loss.Item<float>());
        Assert.Equal(new float[] { 5, 6, 7 }, a.Grad!.ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 3 }, b.Grad!.ToArray<float>());
    }

    [Fact]
    public void MatMulWithBroadcastBiasBackward()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var w = Tensor.FromArray(new double[] { 1, 0, 0, 1, 1, 1 }, 3, 2).RequiresGrad_();
        var bias = Tensor.FromArray(new double[] { 10, 20 }).RequiresGrad_();
        var y = Tensor.MatMul(x, w) + bias;
        Assert.Equal(new double[] { 1 + 3 + 10, 2 + 3 + 20, 4 + 6 + 10, 5 + 6 + 20 }, y.ToArray<double>());
        y.Sum().Backward();
        Assert.Equal(new double[] { 2, 2 }, bias.Grad!.ToArray<double>());
        // dW = x^T · ones(2, 2): each row of dW is the column sum of x.
        Assert.Equal(new double[] { 5, 5, 7, 7, 9, 9 }, w.Grad!.ToArray<double>());
    }
}
