using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Memory;

/// <summary>
/// A steady-state training step of the README's MLP inside a <see cref="TensorScope"/> takes its tensor memory from the
/// pool: what it allocates on the managed heap is bookkeeping (tensors, nodes), far below one activation buffer.
/// </summary>
[Collection(nameof(TensorPoolCollection))]
public class TrainingStepAllocationTests
{
    [Theory]
    [InlineData(true)] // ZeroGrad()'s default: the gradient buffers come back from the previous step, not the heap
    [InlineData(false)]
    public void SteadyStateMlpStepAllocatesUnder64KilobytesOnTheManagedHeap(bool setToNone)
    {
        var generator = new Generator(3);
        var model = new Sequential(
            new Linear(784, 256, generator: generator), new ReLU(),
            new Linear(256, 128, generator: generator), new ReLU(),
            new Linear(128, 10, generator: generator));
        var optimizer = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        var lossFunction = new CrossEntropyLoss();
        var x = Tensor.Rand(new Shape(128, 784), DType.Float32, generator);
        var y = Tensor.Randint(0, 10, new Shape(128), DType.Int64, generator);

        void Step()
        {
            using var scope = TensorScope.Begin();
            var loss = lossFunction.Call(model.Call(x), y);
            optimizer.ZeroGrad(setToNone);
            loss.Backward();
            optimizer.Step();
        }

        for (var i = 0; i < 5; i++)
        {
            Step();
        }

        const int measured = 5;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < measured; i++)
        {
            Step();
        }

        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / measured;

        // One 128x256 float activation alone is 128 KiB; a step that pooled nothing would allocate megabytes.
        Assert.True(perStep < 64 * 1024, $"a steady-state step (ZeroGrad(setToNone: {setToNone})) allocated {perStep} bytes on this thread");
    }
}
