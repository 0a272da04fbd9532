using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Memory;

/// <summary>
/// A steady-state LeNet-5 training step (convolutions, max pooling, linear layers) inside a <see cref="TensorScope"/>:
/// column matrices, pooling indices and activations come from the pool, so the managed heap sees only bookkeeping.
/// </summary>
[Collection(nameof(TensorPoolCollection))]
public class LeNetStepAllocationTests
{
    [Fact]
    public void SteadyStateLeNetStepAllocatesUnder64KilobytesOnTheManagedHeap()
    {
        var g = new Generator(3);
        var model = new Sequential(
            new Conv2d(1, 6, 5, padding: 2, generator: g), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 16, 5, generator: g), new ReLU(), new MaxPool2d(2),
            new Flatten(),
            new Linear(400, 120, generator: g), new ReLU(),
            new Linear(120, 84, generator: g), new ReLU(),
            new Linear(84, 10, generator: g));
        var optimizer = new SGD(model.Parameters(), lr: 0.05, momentum: 0.9);
        var x = Tensor.Rand(new Shape(64, 1, 28, 28), DType.Float32, g);
        var y = Tensor.Randint(0, 10, new Shape(64), DType.Int64, g);

        void Step()
        {
            using var scope = TensorScope.Begin();
            var loss = Functional.CrossEntropy(model.Call(x), y);
            optimizer.ZeroGrad(setToNone: false);
            loss.Backward();
            optimizer.Step();
        }

        for (var i = 0; i < 3; i++)
        {
            Step();
        }

        const int measured = 3;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < measured; i++)
        {
            Step();
        }

        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / measured;

        // LeNet's first column matrix alone is 64·25·784 floats (5 MB); a step that pooled nothing would allocate tens of MB.
        Assert.True(perStep < 64 * 1024, $"a steady-state LeNet step allocated {perStep} bytes on this thread");
    }
}
