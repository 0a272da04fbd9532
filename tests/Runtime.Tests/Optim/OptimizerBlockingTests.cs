using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Optim;

/// <summary>
/// Optimizers update a large parameter block by block, split across threads. Per element the operations are those of
/// whole-span passes in libtorch's order (which the libtorch parity tests check), so the results must be bit-identical
/// to that whole-span sequence, and the same on one thread as on several.
/// </summary>
public class OptimizerBlockingTests
{
    // Above the split threshold (2 × 16K elements) and not a multiple of the block or of the vector width.
    private const int Length = 70_001;

    /// <summary>A parameter and three gradients with values of both signs and varied magnitudes.</summary>
    private static (Tensor Parameter, float[][] Gradients) Problem()
    {
        var parameter = Tensor.FromArray(Enumerable.Range(0, Length).Select(i => MathF.Sin(i * 0.37f) * (1 + i % 7)).ToArray()).RequiresGrad_();
        var gradients = Enumerable.Range(0, 3)
            .Select(s => Enumerable.Range(0, Length).Select(i => MathF.Cos(i * 0.11f + s) * (i % 13 == 0 ? 1e-4f : 0.5f + s)).ToArray())
            .ToArray();
        return (parameter, gradients);
    }

    private static float[] Train(Func<Tensor, Optimizer> make, int maxThreads = 0)
    {
        var (parameter, gradients) = Problem();
        var optimizer = make(parameter);
        var saved = Parallelism.MaxThreads;
        try
        {
            if (maxThreads > 0)
            {
                Parallelism.MaxThreads = maxThreads;
            }

            foreach (var g in gradients)
            {
                parameter.Grad = Tensor.FromArray(g);
                optimizer.Step();
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }

        return parameter.ToArray<float>();
    }

    public static TheoryData<double, double, double, bool, bool> SgdCases() => new()
    {
        { 0.9, 0, 0, false, false },
        { 0.8, 0.3, 1e-2, false, true },
        { 0.9, 0, 1e-3, true, false },
        { 0, 0, 1e-2, false, false },
    };

    [Theory]
    [MemberData(nameof(SgdCases))]
    public void SgdIsBitIdenticalToWholeSpanPasses(double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
    {
        const double lr = 0.05;
        var actual = Train(p => new SGD([p], lr, momentum, dampening, weightDecay, nesterov, maximize));

        var (parameter, gradients) = Problem();
        var p = parameter.ToArray<float>();
        var buffer = new float[Length];
        var work = new float[Length];
        for (var step = 0; step < gradients.Length; step++)
        {
            ReadOnlySpan<float> d = gradients[step];
            if (maximize)
            {
                TensorPrimitives.Negate(d, work);
                d = work;
            }

            if (weightDecay != 0)
            {
                TensorPrimitives.FusedMultiplyAdd(p, (float)weightDecay, d, work);
                d = work;
            }

            if (momentum != 0)
            {
                if (step == 0)
                {
                    d.CopyTo(buffer);
                }
                else
                {
                    TensorPrimitives.Multiply(buffer, (float)momentum, buffer);
                    TensorPrimitives.FusedMultiplyAdd(d, (float)(1 - dampening), buffer, buffer);
                }

                if (nesterov)
                {
                    TensorPrimitives.FusedMultiplyAdd(buffer, (float)momentum, d, work);
                    d = work;
                }
                else
                {
                    d = buffer;
                }
            }

            TensorPrimitives.FusedMultiplyAdd(d, (float)-lr, p, p);
        }

        Assert.Equal(p, actual);
    }

    [Theory]
    [InlineData(false, false, 0.0)]
    [InlineData(true, false, 1e-2)]
    [InlineData(false, true, 1e-2)]
    public void AdamIsBitIdenticalToWholeSpanPasses(bool amsgrad, bool decoupled, double weightDecay)
    {
        const double lr = 1e-2, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var actual = Train(p => decoupled
            ? new AdamW([p], lr, beta1, beta2, eps, weightDecay, amsgrad)
            : new Adam([p], lr, beta1, beta2, eps, weightDecay, amsgrad));

        var (parameter, gradients) = Problem();
        var p = parameter.ToArray<float>();
        float[] m = new float[Length], v = new float[Length], vMax = new float[Length], work = new float[Length], denom = new float[Length];
        for (var t = 1; t <= gradients.Length; t++)
        {
            ReadOnlySpan<float> g = gradients[t - 1];
            if (decoupled)
            {
                TensorPrimitives.Multiply(p, (float)(1 - lr * weightDecay), p);
            }
            else if (weightDecay != 0)
            {
                TensorPrimitives.FusedMultiplyAdd(p, (float)weightDecay, g, work);
                g = work;
            }

            // lerp with weight 1 − β₁ < ½: m + w·(g − m) as one fused multiply-add.
            TensorPrimitives.Subtract(g, m, denom);
            TensorPrimitives.FusedMultiplyAdd(denom, (float)(1 - beta1), m, m);
            TensorPrimitives.Multiply(v, (float)beta2, v);
            TensorPrimitives.Multiply(g, (float)(1 - beta2), denom);
            TensorPrimitives.FusedMultiplyAdd(denom, g, v, v);
            ReadOnlySpan<float> second = v;
            if (amsgrad)
            {
                TensorPrimitives.Max(vMax, v, vMax);
                second = vMax;
            }

            TensorPrimitives.Sqrt(second, denom);
            TensorPrimitives.Divide(denom, (float)Math.Sqrt(1 - Math.Pow(beta2, t)), denom);
            TensorPrimitives.Add(denom, (float)eps, denom);
            TensorPrimitives.Multiply(m, (float)(-lr / (1 - Math.Pow(beta1, t))), work);
            TensorPrimitives.Divide(work, denom, work);
            TensorPrimitives.Add(p, work, p);
        }

        Assert.Equal(p, actual);
    }

    public static TheoryData<string> Optimizers() => new(Factories.Keys);

    private static readonly Dictionary<string, Func<Tensor, Optimizer>> Factories = new()
    {
        ["SGD nesterov"] = p => new SGD([p], 0.05, momentum: 0.9, weightDecay: 1e-3, nesterov: true),
        ["Adam amsgrad"] = p => new Adam([p], 1e-2, amsgrad: true, weightDecay: 1e-3),
        ["AdamW maximize"] = p => new AdamW([p], 1e-2, maximize: true),
        ["RMSprop centered momentum"] = p => new RMSprop([p], 1e-2, weightDecay: 1e-3, momentum: 0.9, centered: true),
        ["RMSprop"] = p => new RMSprop([p], 1e-2),
        ["Adagrad"] = p => new Adagrad([p], 0.05, lrDecay: 0.01, weightDecay: 1e-3, initialAccumulatorValue: 0.1),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void OneThreadAndAllThreadsGiveTheSameBits(string name)
    {
        var oneThread = Train(Factories[name], maxThreads: 1);
        var allThreads = Train(Factories[name], maxThreads: Environment.ProcessorCount);
        Assert.Equal(oneThread, allThreads);

        // The parameter must have moved, or the comparison proves nothing.
        Assert.NotEqual(Problem().Parameter.ToArray<float>(), allThreads);
    }
}
