using AutoDiffGen.Optim;
using AutoDiffGen.Tests.Nn;

namespace AutoDiffGen.Tests.Optim;

public class SchedulerTests
{
    private static SGD Optimizer(double lr = 1.0, double momentum = 0) => new([Tensor.Zeros(1).RequiresGrad_()], lr, momentum);

    /// <summary>The rate right after construction, then after each of <paramref name="steps"/> steps.</summary>
    private static double[] Rates(LRScheduler scheduler, int steps)
    {
        var rates = new List<double> { scheduler.GetLastLr()[0] };
        for (var i = 0; i < steps; i++)
        {
            scheduler.Step();
            rates.Add(scheduler.GetLastLr()[0]);
            Assert.Equal(rates[^1], scheduler.Optimizer.ParamGroups[0].Lr);
        }

        return [.. rates];
    }

    [Fact]
    public void StepLRDecaysEveryStepSizeEpochs()
    {
        var rates = Rates(new StepLR(Optimizer(0.8), stepSize: 3, gamma: 0.5), 10);
        NnAssert.Close(Enumerable.Range(0, 11).Select(e => 0.8 * Math.Pow(0.5, e / 3)).ToArray(), rates, 1e-15);
    }

    [Fact]
    public void MultiStepLRDecaysAtMilestonesCountingRepeats()
    {
        var rates = Rates(new MultiStepLR(Optimizer(), [5, 2, 5], gamma: 0.1), 7);
        NnAssert.Close([1, 1, 0.1, 0.1, 0.1, 0.001, 0.001, 0.001], rates, 1e-14);
    }

    [Fact]
    public void ExponentialLRMultipliesEveryEpoch()
    {
        var rates = Rates(new ExponentialLR(Optimizer(2), gamma: 0.9), 6);
        NnAssert.Close(Enumerable.Range(0, 7).Select(e => 2 * Math.Pow(0.9, e)).ToArray(), rates, 1e-14);
    }

    [Fact]
    public void CosineAnnealingRecursiveFormFollowsTheClosedFormAcrossCycles()
    {
        const double baseLr = 0.5, etaMin = 0.01;
        const int tMax = 6;
        var rates = Rates(new CosineAnnealingLR(Optimizer(baseLr), tMax, etaMin), 20);
        var closed = Enumerable.Range(0, 21).Select(e => etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * e / tMax)) / 2).ToArray();
        NnAssert.Close(closed, rates, 1e-12);
        Assert.Equal(etaMin, rates[tMax], 12);
        Assert.Equal(baseLr, rates[2 * tMax], 12);
    }

    [Fact]
    public void LinearLRWarmsUpThenHolds()
    {
        var rates = Rates(new LinearLR(Optimizer(0.4), startFactor: 0.25, endFactor: 1.0, totalIters: 4), 7);
        var expected = Enumerable.Range(0, 8).Select(e => 0.4 * (0.25 + 0.75 * Math.Min(e, 4) / 4.0)).ToArray();
        NnAssert.Close(expected, rates, 1e-14);
    }

    [Fact]
    public void SchedulersChainOnTheCurrentRate()
    {
        var sgd = Optimizer(1.0);
        var warmup = new LinearLR(sgd, startFactor: 0.5, totalIters: 2);
        var decay = new ExponentialLR(sgd, gamma: 0.5);
        Assert.Equal(0.5, sgd.ParamGroups[0].Lr);
        warmup.Step();
        decay.Step();
        Assert.Equal(0.75 * 0.5, sgd.ParamGroups[0].Lr, 15);
    }

    private static double Cos(double start, double end, double pct) => end + (start - end) / 2 * (1 + Math.Cos(Math.PI * pct));

    [Fact]
    public void OneCycleLRFollowsCosinePhasesAndCyclesMomentumInversely()
    {
        const double maxLr = 0.1;
        const int total = 20;
        var sgd = Optimizer(momentum: 0.9);
        var scheduler = new OneCycleLR(sgd, maxLr, totalSteps: total, pctStart: 0.25, divFactor: 10, finalDivFactor: 100);
        const double initial = maxLr / 10, min = initial / 100, peak = 0.25 * total - 1;
        var rates = new List<double>();
        var momenta = new List<double>();
        for (var step = 0; step < total; step++)
        {
            rates.Add(scheduler.GetLastLr()[0]);
            momenta.Add(sgd.ParamGroups[0]["momentum"]);
            if (step < total - 1)
            {
                scheduler.Step();
            }
        }

        for (var s = 0; s < total; s++)
        {
            var (lr, momentum) = s <= peak
                ? (Cos(initial, maxLr, s / peak), Cos(0.95, 0.85, s / peak))
                : (Cos(maxLr, min, (s - peak) / (total - 1 - peak)), Cos(0.85, 0.95, (s - peak) / (total - 1 - peak)));
            Assert.Equal(lr, rates[s], 14);
            Assert.Equal(momentum, momenta[s], 14);
        }

        Assert.Equal(initial, rates[0], 15);
        Assert.Equal(maxLr, rates[(int)peak], 15);
        Assert.Equal(min, rates[^1], 15);
        scheduler.Step();
        Assert.Throws<InvalidOperationException>(scheduler.Step);
    }

    [Fact]
    public void OneCycleLRThreePhaseReturnsToInitialBeforeAnnealingAndCyclesAdamBeta1()
    {
        var adam = new Adam([Tensor.Zeros(1).RequiresGrad_()]);
        var scheduler = new OneCycleLR(adam, 1.0, epochs: 2, stepsPerEpoch: 10, pctStart: 0.3, threePhase: true,
            annealStrategy: AnnealStrategy.Linear);
        var rates = new List<double> { scheduler.GetLastLr()[0] };
        for (var i = 0; i < 19; i++)
        {
            scheduler.Step();
            rates.Add(scheduler.GetLastLr()[0]);
        }

        // Phases end at steps 5, 10 and 19: 0.04 → 1 → 0.04 → 4e-6, linearly.
        Assert.Equal(0.04, rates[0], 15);
        Assert.Equal(1.0, rates[5], 15);
        Assert.Equal(1 + (0.04 - 1) * 3 / 5.0, rates[8], 14);
        Assert.Equal(0.04 + (1 - 0.04) * 2 / 5.0, rates[2], 14);
        Assert.Equal(0.04, rates[10], 15);
        Assert.Equal(0.04 + (4e-6 - 0.04) * 4 / 9.0, rates[14], 14);
        Assert.Equal(4e-6, rates[19], 15);
        Assert.Equal(0.95, adam.ParamGroups[0]["beta1"], 15);
    }

    [Fact]
    public void OneCycleLRNeedsMomentumToCycle()
        => Assert.Throws<ArgumentException>(() => new OneCycleLR(new Adagrad([Tensor.Zeros(1).RequiresGrad_()]), 0.1, totalSteps: 10));

    [Fact]
    public void ReduceLROnPlateauWaitsPatienceThenCoolsDown()
    {
        var sgd = Optimizer();
        var plateau = new ReduceLROnPlateau(sgd, factor: 0.5, patience: 2, cooldown: 1);
        var rates = new List<double>();
        foreach (var metric in new[] { 1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95 })
        {
            plateau.Step(metric);
            rates.Add(plateau.GetLastLr()[0]);
        }

        Assert.Equal([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25], rates);
        Assert.Equal(0.9, plateau.Best);
    }

    [Fact]
    public void ReduceLROnPlateauRespectsThresholdModeAndMinLr()
    {
        var sgd = Optimizer();
        var plateau = new ReduceLROnPlateau(sgd, PlateauMode.Max, factor: 0.1, patience: 0, threshold: 0.1, thresholdMode: ThresholdMode.Abs, minLr: 0.05);

        // Max mode, absolute threshold 0.1: 0.55 is not better than 0.5 + 0.1, so it counts as a bad epoch.
        plateau.Step(0.5);
        Assert.Equal(1.0, sgd.ParamGroups[0].Lr);
        plateau.Step(0.55);
        Assert.Equal(0.1, sgd.ParamGroups[0].Lr, 15);
        plateau.Step(0.4);
        Assert.Equal(0.05, sgd.ParamGroups[0].Lr, 15);
        plateau.Step(0.4);
        Assert.Equal(0.05, sgd.ParamGroups[0].Lr, 15);
    }

    [Fact]
    public void SchedulerAndOptimizerStateDictsResumeTheSameSequence()
    {
        var sgd = Optimizer(0.3);
        var scheduler = new CosineAnnealingLR(sgd, tMax: 8, etaMin: 0.01);
        for (var i = 0; i < 3; i++)
        {
            scheduler.Step();
        }

        var optimizerState = sgd.StateDict();
        var schedulerState = scheduler.StateDict();
        var expected = Rates(scheduler, 6)[1..];

        var resumedSgd = Optimizer(0.3);
        resumedSgd.LoadStateDict(optimizerState);
        var resumed = new CosineAnnealingLR(resumedSgd, tMax: 8, etaMin: 0.01);
        resumed.LoadStateDict(schedulerState);
        Assert.Equal(3, resumed.LastEpoch);
        Assert.Equal(0.3, resumed.BaseLrs[0]);
        NnAssert.Close(expected, Rates(resumed, 6)[1..], 1e-15);
    }

    [Fact]
    public void ReduceLROnPlateauStateDictResumesCounters()
    {
        var sgd = Optimizer();
        var plateau = new ReduceLROnPlateau(sgd, factor: 0.5, patience: 2);
        plateau.Step(1.0);
        plateau.Step(2.0);
        plateau.Step(2.0);
        var resumed = new ReduceLROnPlateau(sgd, factor: 0.5, patience: 2);
        resumed.LoadStateDict(plateau.StateDict());
        Assert.Equal(1.0, resumed.Best);
        Assert.Equal(2, resumed.NumBadEpochs);
        resumed.Step(2.0);
        Assert.Equal(0.5, sgd.ParamGroups[0].Lr);
    }
}
