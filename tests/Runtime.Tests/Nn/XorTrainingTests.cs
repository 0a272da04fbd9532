using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Nn;

public class XorTrainingTests
{
    [Fact]
    public void MlpLearnsXorWithSgdMomentum()
    {
        var g = new Generator(42);
        var model = new Sequential(new Linear(2, 8, generator: g), new Tanh(), new Linear(8, 2, generator: g));
        var x = Tensor.FromArray(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2);
        var y = Tensor.FromArray(new long[] { 0, 1, 1, 0 });
        var optimizer = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        var criterion = new CrossEntropyLoss();

        var first = 0f;
        var last = 0f;
        for (var epoch = 0; epoch < 300; epoch++)
        {
            optimizer.ZeroGrad();
            var loss = criterion.Call(model.Call(x), y);
            loss.Backward();
            optimizer.Step();
            last = loss.Item<float>();
            if (epoch == 0)
            {
                first = last;
            }
        }

        Assert.True(last < 0.05f * first, $"loss went from {first} to {last}");
        var logits = model.Eval().Call(x).ToArray<float>();
        for (var i = 0; i < 4; i++)
        {
            var predicted = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
            Assert.Equal(y.ToArray<long>()[i], predicted);
        }
    }
}
