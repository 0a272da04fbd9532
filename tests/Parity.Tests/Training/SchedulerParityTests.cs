using AutoDiffGen.Optim;
using AutoDiffGen.Parity.Tests.Infrastructure;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using TorchOneCycle = TorchSharp.torch.optim.lr_scheduler.impl.OneCycleLR;

namespace AutoDiffGen.Parity.Tests.Training;

/// <summary>
/// Learning-rate schedules step by step against TorchSharp's torch.optim.lr_scheduler: the rate in the optimizer's group
/// right after construction and after every step. Both sides compute in float64, so 1e-12 relative is asked.
/// </summary>
public class SchedulerParityTests
{
    private const double Tolerance = 1e-12;

    private sealed record Schedule(string Name, int Steps, Func<Optimizer, LRScheduler> Ours, Func<torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler> Torch);

    private static readonly Schedule[] Schedules =
    [
        new("StepLR step 3 gamma 0.5", 20, o => new StepLR(o, 3, 0.5), o => torch.optim.lr_scheduler.StepLR(o, 3, 0.5)),
        new("MultiStepLR [2,5,9] gamma 0.3", 15, o => new MultiStepLR(o, [2, 5, 9], 0.3), o => torch.optim.lr_scheduler.MultiStepLR(o, [2, 5, 9], 0.3)),
        new("ExponentialLR 0.9", 20, o => new ExponentialLR(o, 0.9), o => torch.optim.lr_scheduler.ExponentialLR(o, 0.9)),
        new("CosineAnnealingLR T_max 10 eta_min 1e-3, past T_max", 30,
            o => new CosineAnnealingLR(o, 10, 1e-3), o => torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 1e-3)),
        new("LinearLR warmup 0.25 -> 1 over 6", 12, o => new LinearLR(o, 0.25, 1.0, 6), o => torch.optim.lr_scheduler.LinearLR(o, 0.25, 1.0, 6)),
        new("LinearLR decay 1 -> 0.1 over 8", 12, o => new LinearLR(o, 1.0, 0.1, 8), o => torch.optim.lr_scheduler.LinearLR(o, 1.0, 0.1, 8)),
        new("OneCycleLR cos max 0.5 over 25", 24,
            o => new OneCycleLR(o, 0.5, totalSteps: 25), o => torch.optim.lr_scheduler.OneCycleLR(o, 0.5, total_steps: 25)),
        new("OneCycleLR linear pct 0.4 div 10 final_div 100", 19,
            o => new OneCycleLR(o, 0.5, totalSteps: 20, pctStart: 0.4, annealStrategy: AnnealStrategy.Linear, divFactor: 10, finalDivFactor: 100),
            o => torch.optim.lr_scheduler.OneCycleLR(o, 0.5, total_steps: 20, pct_start: 0.4, anneal_strategy: TorchOneCycle.AnnealStrategy.Linear,
                div_factor: 10, final_div_factor: 100)),
        new("OneCycleLR three_phase epochs 4 x 5", 19,
            o => new OneCycleLR(o, 0.5, epochs: 4, stepsPerEpoch: 5, threePhase: true),
            o => torch.optim.lr_scheduler.OneCycleLR(o, 0.5, epochs: 4, steps_per_epoch: 5, three_phase: true)),
    ];

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var s in Schedules)
            {
                data.Add(s.Name);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LearningRates_MatchLibtorchEveryStep(string name)
    {
        var schedule = Schedules.Single(s => s.Name == name);
        using var scope = torch.NewDisposeScope();
        var (ours, theirs) = Optimizers();
        var ourSchedule = schedule.Ours(ours);
        var torchSchedule = schedule.Torch(theirs);

        var expected = new List<double> { TorchLr(theirs) };
        var actual = new List<double> { ours.ParamGroups[0].Lr };
        var expectedMomentum = new List<double> { ((torch.optim.IMomentum)theirs.ParamGroups.First()).Momentum };
        var actualMomentum = new List<double> { ours.ParamGroups[0]["momentum"] };
        for (int step = 0; step < schedule.Steps; step++)
        {
            ours.Step();
            theirs.step();
            ourSchedule.Step();
            torchSchedule.step();
            expected.Add(TorchLr(theirs));
            actual.Add(ours.ParamGroups[0].Lr);
            expectedMomentum.Add(((torch.optim.IMomentum)theirs.ParamGroups.First()).Momentum);
            actualMomentum.Add(ours.ParamGroups[0]["momentum"]);
            Assert.Equal(actual[^1], ourSchedule.GetLastLr()[0]);
        }

        Assert.True(expected.Distinct().Count() > 2, $"{name}: the schedule should change libtorch's rate more than once in {schedule.Steps} steps");
        ParityAssert.AllClose(expected.ToArray(), actual.ToArray(), Tolerance, what: $"{name}: lr after construction, then after each step");

        // OneCycleLR also cycles SGD's momentum inversely to the rate; the others leave it at 0.9.
        ParityAssert.AllClose(expectedMomentum.ToArray(), actualMomentum.ToArray(), Tolerance, what: $"{name}: momentum after construction, then after each step");
    }

    [Fact]
    public void ReduceLROnPlateau_Min_Rel_WithCooldownAndMinLr_MatchesLibtorch()
    {
        // Improves, plateaus (inside the relative threshold), improves again, then plateaus long enough to hit min_lr.
        double[] losses = [1.0, 0.9, 0.85, 0.84995, 0.85, 0.86, 0.851, 0.7, 0.69, 0.7, 0.71, 0.72, 0.69, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7];
        CheckPlateau(losses,
            o => new ReduceLROnPlateau(o, PlateauMode.Min, factor: 0.5, patience: 2, threshold: 1e-4, ThresholdMode.Rel, cooldown: 1, minLr: 0.02),
            o => torch.optim.lr_scheduler.ReduceLROnPlateau(o, "min", factor: 0.5, patience: 2, threshold: 1e-4, threshold_mode: "rel", cooldown: 1, min_lr: [0.02]));
    }

    [Fact]
    public void ReduceLROnPlateau_Max_Abs_MatchesLibtorch()
    {
        double[] accuracies = [0.5, 0.6, 0.605, 0.62, 0.62, 0.6, 0.63, 0.7, 0.705, 0.69, 0.7, 0.71, 0.72, 0.7, 0.7, 0.7];
        CheckPlateau(accuracies,
            o => new ReduceLROnPlateau(o, PlateauMode.Max, factor: 0.3, patience: 1, threshold: 0.01, ThresholdMode.Abs),
            o => torch.optim.lr_scheduler.ReduceLROnPlateau(o, "max", factor: 0.3, patience: 1, threshold: 0.01, threshold_mode: "abs"));
    }

    private static void CheckPlateau(double[] metrics, Func<Optimizer, ReduceLROnPlateau> makeOurs,
        Func<torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler> makeTorch)
    {
        using var scope = torch.NewDisposeScope();
        var (ours, theirs) = Optimizers();
        var ourSchedule = makeOurs(ours);
        var torchSchedule = makeTorch(theirs);
        var expected = new List<double>();
        var actual = new List<double>();
        foreach (var metric in metrics)
        {
            ourSchedule.Step(metric);
            torchSchedule.step(metric, null);
            expected.Add(TorchLr(theirs));
            actual.Add(ours.ParamGroups[0].Lr);
        }

        Assert.True(expected.Distinct().Count() > 2, "the metric sequence should make libtorch reduce the rate more than once");
        ParityAssert.AllClose(expected.ToArray(), actual.ToArray(), Tolerance, what: "lr after each metric");
    }

    /// <summary>An SGD with momentum on one parameter each side, at lr 0.1 (OneCycleLR also cycles the momentum).</summary>
    private static (Optimizer Ours, torch.optim.Optimizer Torch) Optimizers()
    {
        var parameter = Tensor.Zeros(new Shape(2), DType.Float64);
        parameter.RequiresGrad = true;
        parameter.Grad = Tensor.Ones(new Shape(2), DType.Float64);
        var torchParameter = new Parameter(torch.zeros(2, torch.float64));
        torchParameter.grad = torch.ones(2, torch.float64);
        return (new SGD([parameter], lr: 0.1, momentum: 0.9), torch.optim.SGD([torchParameter], 0.1, momentum: 0.9));
    }

    private static double TorchLr(torch.optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;
}
