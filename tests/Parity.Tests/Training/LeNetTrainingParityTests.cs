using AutoDiffGen.Optim;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Training;

/// <summary>
/// LeNet-5 trained 20 SGD steps side by side with libtorch from the same weights on the same batches: after every step
/// the loss, every parameter's gradient and every updated parameter agree (float64 1e-10, float32 1e-5, relative to the
/// tensor's largest magnitude, as in <see cref="MlpTrainingParityTests"/>).
/// </summary>
public class LeNetTrainingParityTests
{
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void TwentySgdSteps_LossGradientsAndWeights_MatchLibtorchEveryStep(DType dtype)
    {
        double tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;
        using var scope = torch.NewDisposeScope();
        var net = new LeNet(dtype, seed: 3);
        var ours = new SGD(net.OurParameters.Select(p => p.Parameter), lr: 0.05, momentum: 0.9);
        var theirs = torch.optim.SGD(net.TorchParameters, 0.05, momentum: 0.9);
        var batches = Batches.Make(20, batchSize: 16, seed: 5);
        for (int step = 0; step < batches.Length; step++)
        {
            var (x, y) = Batches.Ours(batches[step], dtype);
            var (tx, ty) = Batches.Torch(batches[step], dtype);
            ours.ZeroGrad();
            var loss = net.OurLoss(x, y);
            loss.Backward();
            theirs.zero_grad();
            var torchLoss = net.TorchLoss(tx, ty);
            torchLoss.backward();

            var at = $"LeNet ({dtype}) step {step}";
            ParityAssert.AllClose([torchLoss.to(torch.float64).item<double>()], [loss.ItemAsDouble()], tolerance, what: $"{at}: loss");
            for (int i = 0; i < net.OurParameters.Length; i++)
            {
                var (name, p) = net.OurParameters[i];
                ParityAssert.AllCloseScaled(OpParity.ToDoubles(net.TorchParameters[i].grad!), p.Grad!.ToDoubleArray(), tolerance, $"{at}: gradient of {name}");
            }

            ours.Step();
            theirs.step();
            for (int i = 0; i < net.OurParameters.Length; i++)
            {
                var (name, p) = net.OurParameters[i];
                ParityAssert.AllCloseScaled(OpParity.ToDoubles(net.TorchParameters[i]), p.ToDoubleArray(), tolerance, $"{at}: {name} after the step");
            }
        }
    }
}
