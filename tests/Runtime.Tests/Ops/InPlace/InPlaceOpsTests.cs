using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops.InPlace;

using Autograd = global::AutoDiffGen.Autograd;

/// <summary>PyTorch's in-place family: values as the out-of-place ops give them, broadcasting into self only, dtype rules.</summary>
public class InPlaceOpsTests
{
    private static Tensor Seq(params int[] shape)
        => Tensor.Arange(0, new Shape(shape).NumElements, 1, DType.Float64).Reshape(shape);

    [Fact]
    public void ArithmeticMatchesTheOutOfPlaceOps()
    {
        var a = Tensor.FromArray(new double[] { 1, -2, 3, -4, 5, -6 }, 2, 3);
        var b = Tensor.FromArray(new double[] { 0.5, 2, -1 }, 3);

        Close(Values(a + 2.5 * b), Values(a.Clone().Add_(b, alpha: 2.5)));
        Close(Values(a - 2.5 * b), Values(a.Clone().Sub_(b, alpha: 2.5)));
        Close(Values(a * b), Values(a.Clone().Mul_(b)));
        Close(Values(a / b), Values(a.Clone().Div_(b)));
        Close(Values(a + 6), Values(a.Clone().Add_(3, alpha: 2)));
        Close(Values(a - 1.5), Values(a.Clone().Sub_(1.5)));
        Close(Values(a * -3), Values(a.Clone().Mul_(-3)));
        Close(Values(a / 4), Values(a.Clone().Div_(4)));
        Close(Values(a.Clamp(-3, 2)), Values(a.Clone().Clamp_(-3, 2)));
        Close(Values(-a), Values(a.Clone().Neg_()));
        Close(Values(a.Abs()), Values(a.Clone().Abs_()));
        Close(Values(a * a), Values(a.Clone().Square_()));
        Close(Values(a.Pow(3)), Values(a.Clone().Pow_(3)));
        Close(Values(a.Abs().Sqrt()), Values(a.Abs().Sqrt_()));
        Close(Values(a.Exp()), Values(a.Clone().Exp_()));
        Close(Values(a.Abs().Log()), Values(a.Abs().Log_()));
        Close(Values(a.Tanh()), Values(a.Clone().Tanh_()));
        Close(Values(a.Sigmoid()), Values(a.Clone().Sigmoid_()));
        Close(Values(a.Relu()), Values(a.Clone().Relu_()));
        Close(Values(a.Sin()), Values(a.Clone().Sin_()));
        Close(Values(a.Cos()), Values(a.Clone().Cos_()));
        Close(Values(a + 0.5 * a * b), Values(a.Clone().Addcmul_(a, b, 0.5)));
        Close(Values(a + 0.5 * a / b), Values(a.Clone().Addcdiv_(a, b, 0.5)));
    }

    [Fact]
    public void ReturnsItselfAndWritesItsOwnMemory()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3 });
        var storage = a.Storage;
        Assert.Same(a, a.Add_(Tensor.FromArray(new float[] { 1, 1, 1 })));
        Assert.Same(storage, a.Storage);
        Assert.Equal(new float[] { 2, 3, 4 }, a.ToArray<float>());
    }

    [Fact]
    public void TheOtherOperandBroadcastsIntoSelfButNeverTheReverse()
    {
        var a = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        a.Add_(Tensor.FromArray(new double[] { 1, 2, 3 }));
        a.Add_(Tensor.FromArray(new double[] { 10, 20 }, 2, 1));
        Assert.Equal(new double[] { 11, 12, 13, 21, 22, 23 }, a.ToArray<double>());

        var row = Tensor.Zeros(new Shape(3), DType.Float64);
        Throws<ArgumentException>(() => row.Add_(a), "Add_", "[2, 3]", "[3]", "into this tensor's shape");
        Throws<ArgumentException>(() => Tensor.Zeros(1).Mul_(Tensor.Ones(4)), "Mul_", "[4]", "[1]");
    }

    [Fact]
    public void WritesThroughStridedViewsIntoTheBase()
    {
        var x = Seq(2, 3);
        x.T.Mul_(Tensor.FromArray(new double[] { 1, 10 }));     // the transposed view's columns are x's rows
        Assert.Equal(new double[] { 0, 1, 2, 30, 40, 50 }, x.ToArray<double>());
        x[.., 1].Sub_(100);
        Assert.Equal(new double[] { 0, -99, 2, 30, -60, 50 }, x.ToArray<double>());
        x[1, 1..].Fill_(7);
        Assert.Equal(new double[] { 0, -99, 2, 30, 7, 7 }, x.ToArray<double>());
    }

    [Fact]
    public void AnExpandedViewCannotBeWritten()
        => Throws<InvalidOperationException>(() => Tensor.Zeros(1, 3).Expand(4, 3).Add_(1), "Add_", "expanded view", "Clone()");

    [Fact]
    public void ArithmeticNeedsAFloatTensorAndKeepsItsDType()
    {
        // The library's arithmetic is floating-point only; int64 and bool take Fill_, Copy_ and index assignment.
        var i = Tensor.FromArray(new long[] { 1, 2, 3 });
        Throws<ArgumentException>(() => i.Add_(2), "Add_", "floating-point tensor", "int64", "[3]", "Float()");
        Throws<ArgumentException>(() => i.Neg_(), "Neg_", "int64");
        i.Fill_(4);
        i.Copy_(Tensor.FromArray(new long[] { 7 }));
        Assert.Equal(new long[] { 7, 7, 7 }, i.ToArray<long>());

        // A float64 operand into a float32 tensor keeps the tensor's dtype, as in PyTorch.
        var f = Tensor.FromArray(new float[] { 1, 2 });
        f.Add_(Tensor.FromArray(new double[] { 0.5, 0.25 }));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new float[] { 1.5f, 2.25f }, f.ToArray<float>());
    }

    [Fact]
    public void ALeafThatRequiresGradNeedsNoGrad()
    {
        var w = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        w.Name = "w";
        Throws<InvalidOperationException>(() => w.Sub_(1), "Sub_", "leaf tensor that requires grad", "'w'", "Autograd.NoGrad()");
        Throws<InvalidOperationException>(() => w.Copy_(Tensor.Zeros(2)), "Copy_", "leaf tensor that requires grad");
        Throws<InvalidOperationException>(() => w.AsSpan<double>(), "AsSpan", "leaf tensor that requires grad");
        using (Autograd.NoGrad())
        {
            w.Sub_(1);
        }

        Assert.Equal(new double[] { 0, 1 }, w.ToArray<double>());
        Assert.True(w.RequiresGrad);
        Assert.True(w.IsLeaf);
    }

    [Fact]
    public void ATensorOnTheTapeIsNotModifiedInPlaceWhileRecording()
    {
        var w = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var y = w * 2.0;
        Throws<InvalidOperationException>(() => y.Add_(1), "Add_", "produced by a recorded Mul", "out-of-place");
        Throws<InvalidOperationException>(() => w[0].Fill_(3), "Fill_", "recorded Index");
    }

    [Fact]
    public void TheNoGradUpdateIdiomTrainsAParameter()
    {
        // The README's first taste: fit y = 3x − 1 by gradient descent, updating the leaves in place.
        var x = Tensor.FromArray(new double[] { -1, 0, 1, 2 }, 4, 1);
        var target = 3 * x - 1;
        var w = Tensor.Zeros(new Shape(1, 1), DType.Float64).RequiresGrad_();
        var b = Tensor.Zeros(new Shape(1), DType.Float64).RequiresGrad_();
        for (var step = 0; step < 300; step++)
        {
            var loss = ((Tensor.MatMul(x, w) + b - target) * (Tensor.MatMul(x, w) + b - target)).Mean();
            loss.Backward();
            using (Autograd.NoGrad())
            {
                w.Sub_(w.Grad!, alpha: 0.1);
                b.Sub_(0.1 * b.Grad!);
            }

            w.Grad = null;
            b.Grad = null;
        }

        Assert.Equal(3, w.Item<double>(), 6);
        Assert.Equal(-1, b.Item<double>(), 6);
        Assert.True(w.IsLeaf && b.IsLeaf);
    }
}
