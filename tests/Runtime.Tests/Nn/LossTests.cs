using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class LossTests
{
    private static readonly double[] Logits = [0.5, -1.0, 2.0, 0.1, 1.5, 0.3, -0.7, 0.0, -2.0, 0.9, 1.1, -0.4];
    private static readonly double[] ClassWeights = [0.5, 2.0, 1.5];

    private static double[] LogSoftmaxRow(double[] x, int row, int classes)
    {
        var r = x.Skip(row * classes).Take(classes).ToArray();
        var max = r.Max();
        var lse = max + Math.Log(r.Sum(v => Math.Exp(v - max)));
        return r.Select(v => v - lse).ToArray();
    }

    /// <summary>PyTorch's documented cross entropy for [N, C] logits and index targets, in plain double math.</summary>
    private static double[] ReferenceCrossEntropy(double[] x, long[] y, double[]? w, long ignore, Reduction reduction, double smoothing)
    {
        var n = y.Length;
        var c = x.Length / n;
        var nll = new double[n];
        var smooth = new double[n];
        double weightSum = 0, kept = 0;
        for (var i = 0; i < n; i++)
        {
            if (y[i] == ignore)
            {
                continue;
            }

            var logp = LogSoftmaxRow(x, i, c);
            var wy = w?[y[i]] ?? 1;
            nll[i] = -wy * logp[y[i]];
            smooth[i] = -Enumerable.Range(0, c).Sum(k => (w?[k] ?? 1) * logp[k]);
            weightSum += wy;
            kept++;
        }

        double[] Reduce(double[] v, double denominator) => reduction switch
        {
            Reduction.None => v,
            Reduction.Sum => [v.Sum()],
            _ => [v.Sum() / denominator],
        };

        var a = Reduce(nll, weightSum);
        var b = Reduce(smooth, w is null ? kept : weightSum);
        return a.Zip(b, (p, q) => (1 - smoothing) * p + smoothing / c * q).ToArray();
    }

    public static TheoryData<Reduction, bool, double> CrossEntropyCases()
    {
        var data = new TheoryData<Reduction, bool, double>();
        foreach (var r in new[] { Reduction.None, Reduction.Mean, Reduction.Sum })
        {
            foreach (var weighted in new[] { false, true })
            {
                foreach (var smoothing in new[] { 0.0, 0.2 })
                {
                    data.Add(r, weighted, smoothing);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrossEntropyCases))]
    public void CrossEntropyWithIndexTargetsMatchesPyTorchFormula(Reduction reduction, bool weighted, double smoothing)
    {
        long[] y = [2, -100, 0, 1];
        var w = weighted ? ClassWeights : null;
        var loss = Functional.CrossEntropy(Tensor.FromArray(Logits, 4, 3), Tensor.FromArray(y), w is null ? null : Tensor.FromArray(w),
            reduction: reduction, labelSmoothing: smoothing);
        NnAssert.Close(ReferenceCrossEntropy(Logits, y, w, -100, reduction, smoothing), loss.ToArray<double>(), 1e-14);
        Assert.Equal(reduction == Reduction.None ? new Shape(4) : Shape.Scalar, loss.Shape);
    }

    [Theory]
    [MemberData(nameof(CrossEntropyCases))]
    public void CrossEntropyGradientPassesGradCheck(Reduction reduction, bool weighted, double smoothing)
    {
        var y = Tensor.FromArray(new long[] { 2, 5, 0, 1 });
        var w = weighted ? Tensor.FromArray(ClassWeights) : null;
        GradCheck.Check(t => Functional.CrossEntropy(t[0], y, w, ignoreIndex: 5, reduction, smoothing), [NnAssert.Leaf(Logits, 4, 3)]);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void CrossEntropyGradientCanBeDifferentiatedAgain(Reduction reduction)
    {
        // Unit class weights give the same loss through the general path, composed of ops whose second derivatives are
        // checked elsewhere; the unweighted classifier path must give the same Hessian-vector product.
        var y = Tensor.FromArray(new long[] { 2, 5, 0, 1 });
        var v = Tensor.FromArray(new[] { 0.3, -1.0, 0.5, 2.0, 0.1, -0.6, 1.2, 0.7, -0.2, 0.9, -1.4, 0.4 }, 4, 3);
        double[] HessianTimesV(Tensor? weight)
        {
            var x = NnAssert.Leaf(Logits, 4, 3);
            var loss = Functional.CrossEntropy(x, y, weight, ignoreIndex: 5, reduction: reduction).Sum();
            var dx = AutoDiffGen.Autograd.Grad(loss, [x], createGraph: true)[0]!;
            return AutoDiffGen.Autograd.Grad((dx * v).Sum(), [x])[0]!.ToArray<double>();
        }

        var expected = HessianTimesV(Tensor.Ones(new Shape(3), DType.Float64));
        Assert.Contains(expected, h => Math.Abs(h) > 1e-3);
        NnAssert.Close(expected, HessianTimesV(null), 1e-13);
    }

    [Fact]
    public void CrossEntropyOfUniformLogitsIsLogC()
        => NnAssert.Close(Math.Log(5), Functional.CrossEntropy(Tensor.Zeros(new Shape(3, 5), DType.Float64), Tensor.FromArray(new long[] { 0, 4, 2 })).Item<double>(), 1e-15);

    [Fact]
    public void CrossEntropyOverSpatialDimensionsEqualsFlattenedSamples()
    {
        // [N=2, C=3, d=2] against the same samples laid out as [4, 3].
        var spatial = new double[12];
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var d = 0; d < 2; d++)
                {
                    spatial[(n * 3 + c) * 2 + d] = Logits[(n * 2 + d) * 3 + c];
                }
            }
        }

        var loss = Functional.CrossEntropy(Tensor.FromArray(spatial, 2, 3, 2), Tensor.FromArray(new long[] { 2, 1, 0, 1 }, 2, 2), Tensor.FromArray(ClassWeights));
        NnAssert.Close(ReferenceCrossEntropy(Logits, [2, 1, 0, 1], ClassWeights, -100, Reduction.Mean, 0), loss.ToArray<double>(), 1e-14);
    }

    [Theory]
    [InlineData(Reduction.Mean, 0.0)]
    [InlineData(Reduction.Mean, 0.1)]
    [InlineData(Reduction.Sum, 0.0)]
    [InlineData(Reduction.None, 0.3)]
    public void CrossEntropyWithProbabilityTargets(Reduction reduction, double smoothing)
    {
        double[] target = [0.2, 0.3, 0.5, 1, 0, 0, 0.1, 0.1, 0.8, 0, 0.5, 0.5];
        var loss = Functional.CrossEntropy(Tensor.FromArray(Logits, 4, 3), Tensor.FromArray(target, 4, 3), Tensor.FromArray(ClassWeights),
            reduction: reduction, labelSmoothing: smoothing);
        var perSample = new double[4];
        for (var i = 0; i < 4; i++)
        {
            var logp = LogSoftmaxRow(Logits, i, 3);
            perSample[i] = -Enumerable.Range(0, 3).Sum(k => ClassWeights[k] * logp[k] * (target[i * 3 + k] * (1 - smoothing) + smoothing / 3));
        }

        double[] expected = reduction switch
        {
            Reduction.None => perSample,
            Reduction.Sum => [perSample.Sum()],
            _ => [perSample.Sum() / 4],
        };
        NnAssert.Close(expected, loss.ToArray<double>(), 1e-14);
        GradCheck.Check(t => Functional.CrossEntropy(t[0], t[1], reduction: reduction, labelSmoothing: smoothing),
            [NnAssert.Leaf(Logits, 4, 3), NnAssert.Leaf(target, 4, 3)]);
    }

    [Fact]
    public void CrossEntropyRejectsOutOfRangeTargetsAndBadShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros(2, 3), Tensor.FromArray(new long[] { 0, 3 })));
        Assert.Contains("target 3 is out of bounds", e.Message);
        Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros(2, 3), Tensor.FromArray(new long[] { 0, 1, 2 })));
        Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros(2, 3), Tensor.FromArray(new long[] { 0, 1 }), Tensor.Ones(2)));
    }

    [Fact]
    public void CrossEntropyOnOneSampleWithoutBatchDimension()
    {
        var loss = Functional.CrossEntropy(Tensor.FromArray(new double[] { 1, 2, 3 }), Tensor.FromArray(new long[] { 1 }).Reshape());
        NnAssert.Close(-LogSoftmaxRow([1, 2, 3], 0, 3)[1], loss.Item<double>(), 1e-15);
    }

    [Fact]
    public void NllLossWeightedMeanDividesBySelectedWeights()
    {
        var logp = Functional.LogSoftmax(Tensor.FromArray(Logits, 4, 3), 1);
        var lp = logp.ToArray<double>();
        var loss = Functional.NllLoss(logp, Tensor.FromArray(new long[] { 1, 1, 2, 0 }), Tensor.FromArray(ClassWeights)).Item<double>();
        var expected = -(2.0 * lp[1] + 2.0 * lp[4] + 1.5 * lp[8] + 0.5 * lp[9]) / (2 + 2 + 1.5 + 0.5);
        NnAssert.Close(expected, loss, 1e-15);
        var module = new NLLLoss(Tensor.FromArray(ClassWeights), reduction: Reduction.Sum);
        NnAssert.Close(expected * 6, module.Call(logp, Tensor.FromArray(new long[] { 1, 1, 2, 0 })).Item<double>(), 1e-14);
        GradCheck.Check(t => Functional.NllLoss(t[0], Tensor.FromArray(new long[] { 1, 1, 2, 0 }), Tensor.FromArray(ClassWeights)), [NnAssert.Leaf(Logits, 4, 3)]);
    }

    private static readonly double[] Prediction = [0.5, -1.2, 3.0, 0.05, -0.3, 2.2];
    private static readonly double[] Target = [0.0, 0.4, 0.5, 0.0, -0.9, 2.0];

    public static TheoryData<string, Reduction> Regressions()
    {
        var data = new TheoryData<string, Reduction>();
        foreach (var name in new[] { "mse", "l1", "smoothl1", "smoothl1_beta0", "huber" })
        {
            foreach (var r in new[] { Reduction.None, Reduction.Mean, Reduction.Sum })
            {
                data.Add(name, r);
            }
        }

        return data;
    }

    private static (Func<Tensor, Tensor, Reduction, Tensor> Loss, Func<double, double> PerElement) Regression(string name) => name switch
    {
        "mse" => ((x, y, r) => Functional.MseLoss(x, y, r), d => d * d),
        "l1" => ((x, y, r) => Functional.L1Loss(x, y, r), Math.Abs),
        "smoothl1" => ((x, y, r) => Functional.SmoothL1Loss(x, y, r, beta: 0.5), d => Math.Abs(d) < 0.5 ? 0.5 * d * d / 0.5 : Math.Abs(d) - 0.25),
        "smoothl1_beta0" => ((x, y, r) => Functional.SmoothL1Loss(x, y, r, beta: 0), Math.Abs),
        "huber" => ((x, y, r) => Functional.HuberLoss(x, y, r, delta: 0.7), d => Math.Abs(d) < 0.7 ? 0.5 * d * d : 0.7 * (Math.Abs(d) - 0.35)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Regressions))]
    public void RegressionLossesMatchFormulaAndPassGradCheck(string name, Reduction reduction)
    {
        var (loss, perElement) = Regression(name);
        var values = Prediction.Zip(Target, (a, b) => perElement(a - b)).ToArray();
        double[] expected = reduction switch
        {
            Reduction.None => values,
            Reduction.Sum => [values.Sum()],
            _ => [values.Average()],
        };
        NnAssert.Close(expected, loss(Tensor.FromArray(Prediction, 2, 3), Tensor.FromArray(Target, 2, 3), reduction).ToArray<double>(), 1e-15);
        GradCheck.Check(t => loss(t[0], t[1], reduction), [NnAssert.Leaf(Prediction, 2, 3), NnAssert.Leaf(Target, 2, 3)]);
    }

    [Fact]
    public void LossModulesCallTheirFunctions()
    {
        var x = Tensor.FromArray(Prediction, 2, 3);
        var y = Tensor.FromArray(Target, 2, 3);
        Assert.Equal(Functional.MseLoss(x, y).Item<double>(), new MSELoss().Call(x, y).Item<double>());
        Assert.Equal(Functional.L1Loss(x, y, Reduction.Sum).Item<double>(), new L1Loss(Reduction.Sum).Call(x, y).Item<double>());
        Assert.Equal(Functional.SmoothL1Loss(x, y, beta: 2).Item<double>(), new SmoothL1Loss(beta: 2).Call(x, y).Item<double>());
        Assert.Equal(Functional.HuberLoss(x, y, delta: 2).Item<double>(), new HuberLoss(delta: 2).Call(x, y).Item<double>());
        Assert.Throws<NotSupportedException>(() => new MSELoss().Call(x));
    }

    private static readonly double[] Probabilities = [0.1, 0.7, 0.45, 0.99, 0.3, 0.6];
    private static readonly double[] Labels = [0, 1, 1, 1, 0, 0.25];
    private static readonly double[] ElementWeights = [1, 2, 0.5, 1, 3, 1];

    [Fact]
    public void BinaryCrossEntropyMatchesFormulaAndGradCheck()
    {
        var expected = Probabilities.Select((p, i) => -ElementWeights[i] * (Labels[i] * Math.Log(p) + (1 - Labels[i]) * Math.Log(1 - p))).Average();
        var loss = new BCELoss(Tensor.FromArray(ElementWeights, 2, 3)).Call(Tensor.FromArray(Probabilities, 2, 3), Tensor.FromArray(Labels, 2, 3));
        NnAssert.Close(expected, loss.Item<double>(), 1e-15);
        GradCheck.Check(t => Functional.BinaryCrossEntropy(t[0], t[1], Tensor.FromArray(ElementWeights, 2, 3), Reduction.Sum),
            [NnAssert.Leaf(Probabilities, 2, 3), NnAssert.Leaf(Labels, 2, 3)]);
    }

    [Fact]
    public void BinaryCrossEntropyClampsLogAtMinus100()
    {
        var loss = Functional.BinaryCrossEntropy(Tensor.FromArray(new double[] { 0, 1, 1 }), Tensor.FromArray(new double[] { 1, 1, 0 }), reduction: Reduction.None);
        Assert.Equal(new double[] { 100, 0, 100 }, loss.ToArray<double>());
        var e = Assert.Throws<ArgumentException>(() => Functional.BinaryCrossEntropy(Tensor.FromArray(new double[] { 1.5 }), Tensor.FromArray(new double[] { 1.0 })));
        Assert.Contains("between 0 and 1", e.Message);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesFormulaWithPosWeight()
    {
        double[] logits = [-2, 0.5, 3, -0.1, 1.2, -4];
        double[] posWeight = [1.5, 0.5, 2];
        double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        var expected = logits.Select((x, i) =>
            -ElementWeights[i] * (posWeight[i % 3] * Labels[i] * Math.Log(Sigmoid(x)) + (1 - Labels[i]) * Math.Log(1 - Sigmoid(x)))).ToArray();
        var loss = new BCEWithLogitsLoss(Tensor.FromArray(ElementWeights, 2, 3), Reduction.None, Tensor.FromArray(posWeight))
            .Call(Tensor.FromArray(logits, 2, 3), Tensor.FromArray(Labels, 2, 3));
        NnAssert.Close(expected, loss.ToArray<double>(), 1e-14);
        GradCheck.Check(t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1], posWeight: Tensor.FromArray(posWeight)),
            [NnAssert.Leaf(logits, 2, 3), NnAssert.Leaf(Labels, 2, 3)]);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsIsStableForLargeLogits()
    {
        var x = NnAssert.Leaf([200, -200, 200], 3);
        var loss = Functional.BinaryCrossEntropyWithLogits(x, Tensor.FromArray(new double[] { 0, 1, 1 }), reduction: Reduction.None);
        NnAssert.Close([200, 200, Math.Exp(-200)], loss.ToArray<double>(), 1e-15);
        loss.Sum().Backward();
        NnAssert.Close([1, -1, 0], x.Grad!.ToArray<double>(), 1e-15);
    }
}
