using AutoDiffGen.Optim;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace AutoDiffGen.Parity.Tests.Training;

/// <summary>
/// Trains the sample's MLP from the same initial weights on the same batches with our optimizer and libtorch's, and
/// after every step compares the loss, every parameter's gradient and every updated parameter.
/// </summary>
/// <remarks>
/// Each side follows its own trajectory (no re-synchronisation), so the comparison also covers the accumulation of
/// differences over the steps. Tolerances: float64 1e-10 and float32 1e-5, each relative to the compared tensor's
/// largest magnitude (<see cref="ParityAssert.AllCloseScaled"/>): a gradient entry is a sum over the batch and a hidden
/// layer, so its rounding error scales with the tensor's magnitude rather than with the entry's own, possibly tiny, value.
/// </remarks>
public class MlpTrainingParityTests
{
    private sealed record Config(
        string Name,
        int Steps,
        Func<IEnumerable<Tensor>, Optimizer> Ours,
        Func<IEnumerable<Parameter>, torch.optim.Optimizer> Torch,
        bool Adaptive = false);

    private static readonly Config[] Configs =
    [
        new("SGD momentum 0.9 lr 0.1", 20,
            p => new SGD(p, lr: 0.1, momentum: 0.9), p => torch.optim.SGD(p, 0.1, momentum: 0.9)),
        new("Adam lr 1e-3", 20,
            p => new Adam(p, lr: 1e-3), p => torch.optim.Adam(p, lr: 1e-3), Adaptive: true),
        new("AdamW lr 1e-3 weight_decay 1e-2", 20,
            p => new AdamW(p, lr: 1e-3, weightDecay: 1e-2), p => torch.optim.AdamW(p, lr: 1e-3, weight_decay: 1e-2), Adaptive: true),
        new("SGD nesterov momentum 0.9 weight_decay 1e-3 lr 0.05", 5,
            p => new SGD(p, lr: 0.05, momentum: 0.9, weightDecay: 1e-3, nesterov: true),
            p => torch.optim.SGD(p, 0.05, momentum: 0.9, weight_decay: 1e-3, nesterov: true)),
        new("SGD momentum 0.8 dampening 0.3 weight_decay 1e-2 lr 0.05", 5,
            p => new SGD(p, lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 1e-2),
            p => torch.optim.SGD(p, 0.05, momentum: 0.8, dampening: 0.3, weight_decay: 1e-2)),
        new("plain SGD lr 0.1", 5,
            p => new SGD(p, lr: 0.1), p => torch.optim.SGD(p, 0.1)),
        new("Adam amsgrad weight_decay 1e-3", 5,
            p => new Adam(p, lr: 1e-3, weightDecay: 1e-3, amsgrad: true), p => torch.optim.Adam(p, lr: 1e-3, weight_decay: 1e-3, amsgrad: true),
            Adaptive: true),
        new("RMSprop lr 1e-3", 5,
            p => new RMSprop(p, lr: 1e-3), p => torch.optim.RMSProp(p, lr: 1e-3), Adaptive: true),
        new("RMSprop centered momentum 0.9 weight_decay 1e-3", 5,
            p => new RMSprop(p, lr: 1e-3, weightDecay: 1e-3, momentum: 0.9, centered: true),
            p => torch.optim.RMSProp(p, lr: 1e-3, weight_decay: 1e-3, momentum: 0.9, centered: true), Adaptive: true),
        new("Adagrad lr 0.05 lr_decay 0.01 weight_decay 1e-3 initial_accumulator 0.1", 5,
            p => new Adagrad(p, lr: 0.05, lrDecay: 0.01, weightDecay: 1e-3, initialAccumulatorValue: 0.1),
            p => torch.optim.Adagrad(p, lr: 0.05, lr_decay: 0.01, weight_decay: 1e-3, initial_accumulator_value: 0.1),
            Adaptive: true),
        new("SGD maximize momentum 0.9 lr 0.01", 3,
            p => new SGD(p, lr: 0.01, momentum: 0.9, maximize: true), p => torch.optim.SGD(p, 0.01, momentum: 0.9, maximize: true)),
        new("Adam maximize lr 1e-3", 3,
            p => new Adam(p, lr: 1e-3, maximize: true), p => torch.optim.Adam(p, lr: 1e-3, maximize: true), Adaptive: true),

        // Parameter groups with their own hyperparameters: fc1 slower and decayed; then weights decayed, biases not.
        new("SGD param groups: fc1 lr 0.01 weight_decay 1e-2, rest lr 0.1", 5,
            p => new SGD([new ParamGroup(p.Take(2), new Dictionary<string, double> { ["lr"] = 0.01, ["weight_decay"] = 1e-2 }), new ParamGroup(p.Skip(2))],
                lr: 0.1, momentum: 0.9),
            p => torch.optim.SGD(
                [new TorchSharp.Modules.SGD.ParamGroup(p.Take(2), lr: 0.01, momentum: 0.9, weight_decay: 1e-2),
                 new TorchSharp.Modules.SGD.ParamGroup(p.Skip(2), lr: 0.1, momentum: 0.9)],
                0.1, momentum: 0.9)),
        new("AdamW param groups: weights weight_decay 0.05, biases none", 5,
            p => new AdamW([new ParamGroup(p.Where((_, i) => i % 2 == 0)), new ParamGroup(p.Where((_, i) => i % 2 == 1), new Dictionary<string, double> { ["weight_decay"] = 0 })],
                lr: 2e-3, weightDecay: 0.05),
            p => torch.optim.AdamW(
                [new TorchSharp.Modules.AdamW.ParamGroup(p.Where((_, i) => i % 2 == 0), lr: 2e-3, weight_decay: 0.05),
                 new TorchSharp.Modules.AdamW.ParamGroup(p.Where((_, i) => i % 2 == 1), lr: 2e-3, weight_decay: 0)],
                lr: 2e-3, weight_decay: 0.05),
            Adaptive: true),
    ];

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in Configs)
            {
                data.Add(c.Name);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_LossGradientsAndWeights_MatchLibtorchEveryStep(string name) => Train(Configs.Single(c => c.Name == name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_LossGradientsAndWeights_MatchLibtorchEveryStep(string name) => Train(Configs.Single(c => c.Name == name), DType.Float32);

    private static void Train(Config config, DType dtype)
    {
        double tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;

        // NOTE: adaptive optimizers scale each element by its own history, g/(√v + ε): a gradient entry near zero, whose
        // float32 value carries an absolute rounding difference of ~1e-7·max|g| between the two libraries, gets an update
        // anywhere up to ±lr, so two independent float32 trajectories cannot agree elementwise to 1e-5. In float32 these
        // steps are therefore fed libtorch's gradients (after comparing ours with them), which checks the update formula
        // to 1e-5; float64 runs both trajectories fully independently at 1e-10.
        bool syncGradients = config.Adaptive && dtype == DType.Float32;
        using var scope = torch.NewDisposeScope();
        var mlp = new Mlp(dtype, seed: 7);
        var ours = config.Ours(mlp.OurParameters.Select(p => p.Parameter));
        var theirs = config.Torch(mlp.TorchParameters);
        var batches = Batches.Make(config.Steps, batchSize: 64, seed: 11);

        for (int step = 0; step < config.Steps; step++)
        {
            var (x, y) = Batches.Ours(batches[step], dtype);
            var (tx, ty) = Batches.Torch(batches[step], dtype);

            ours.ZeroGrad();
            var loss = mlp.OurLoss(x, y);
            loss.Backward();
            theirs.zero_grad();
            var torchLoss = mlp.TorchLoss(tx, ty);
            torchLoss.backward();

            var at = $"{config.Name} ({dtype}) step {step}";
            ParityAssert.AllClose([torchLoss.to(torch.float64).item<double>()], [loss.ItemAsDouble()], tolerance, what: $"{at}: loss");
            for (int i = 0; i < mlp.OurParameters.Length; i++)
            {
                var (pname, p) = mlp.OurParameters[i];
                var grad = p.Grad ?? throw new InvalidOperationException($"{at}: {pname} has no gradient.");
                var torchGrad = mlp.TorchParameters[i].grad ?? throw new InvalidOperationException($"{at}: libtorch's {pname} has no gradient.");
                ParityAssert.AllCloseScaled(OpParity.ToDoubles(torchGrad), grad.ToDoubleArray(), tolerance, $"{at}: gradient of {pname}");
            }

            if (syncGradients)
            {
                foreach (var (p, torchParameter) in mlp.OurParameters.Select(p => p.Parameter).Zip(mlp.TorchParameters))
                {
                    p.Grad = OpParity.Ours(OpParity.ToDoubles(torchParameter.grad!), p.Shape.ToArray(), dtype);
                }
            }

            ours.Step();
            theirs.step();
            for (int i = 0; i < mlp.OurParameters.Length; i++)
            {
                var (pname, p) = mlp.OurParameters[i];
                ParityAssert.AllCloseScaled(OpParity.ToDoubles(mlp.TorchParameters[i]), p.ToDoubleArray(), tolerance, $"{at}: {pname} after the step");
            }
        }
    }
}
