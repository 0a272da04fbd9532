using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Optim;

/// <summary>
/// Adam (<c>torch.optim.Adam</c>), with optional L2 weight decay added to the gradient, AMSGrad and maximisation:
/// m ← lerp(m, g, 1 − β₁); v ← β₂·v + (1 − β₂)·g²; θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε),
/// with v replaced by its running maximum under AMSGrad.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups; the arguments are the defaults for hyperparameters a group leaves unset.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: false)
    {
    }

    /// <summary>Shared by <see cref="AdamW"/>, which decays the weights directly instead of through the gradient.</summary>
    private protected Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad,
        bool maximize, bool decoupled)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["beta1"] = beta1,
            ["beta2"] = beta2,
            ["eps"] = eps,
            ["weight_decay"] = weightDecay,
            ["amsgrad"] = amsgrad ? 1 : 0,
            ["maximize"] = maximize ? 1 : 0,
        }) => Decoupled = decoupled;

    /// <summary>True for AdamW's decoupled weight decay.</summary>
    private protected bool Decoupled { get; }

    /// <inheritdoc/>
    protected override void Validate(ParamGroup group)
    {
        base.Validate(group);
        Check(group, "eps", v => v >= 0);
        Check(group, "beta1", v => v is >= 0 and < 1);
        Check(group, "beta2", v => v is >= 0 and < 1);
        Check(group, "weight_decay", v => v >= 0);
    }

    /// <inheritdoc/>
    protected override unsafe void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> g = grad.Data<T>();
        var (lr, beta1, beta2, eps, weightDecay) = (group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"]);
        state.Step++;
        var expAvg = Buffer<T>(state, "exp_avg", parameter);
        var expAvgSq = Buffer<T>(state, "exp_avg_sq", parameter);
        var amsgrad = group.Flag("amsgrad");
        var maxExpAvgSq = amsgrad ? Buffer<T>(state, "max_exp_avg_sq", parameter) : default;

        var biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
        var biasCorrection2 = 1 - Math.Pow(beta2, state.Step);
        var stepSize = lr / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        fixed (T* pp = p, pm = expAvg, pv = expAvgSq, pmax = maxExpAvgSq)
        fixed (T* pg = g)
        {
            ForEachBlock(p.Length, new BlockUpdate<T>
            {
                P = pp,
                G = pg,
                ExpAvg = pm,
                ExpAvgSq = pv,
                MaxExpAvgSq = pmax,
                Maximize = group.Flag("maximize"),
                DecoupledDecay = weightDecay != 0 && Decoupled,
                CoupledDecay = weightDecay != 0 && !Decoupled,
                WeightDecay = T.CreateTruncating(weightDecay),
                DecayFactor = T.CreateTruncating(1 - lr * weightDecay),
                OneMinusBeta1 = 1 - beta1,
                Beta2 = T.CreateTruncating(beta2),
                OneMinusBeta2 = T.CreateTruncating(1 - beta2),
                BiasCorrection2Sqrt = T.CreateTruncating(biasCorrection2Sqrt),
                Eps = T.CreateTruncating(eps),
                NegativeStepSize = T.CreateTruncating(-stepSize),
            });
        }
    }

    /// <summary>
    /// start ← lerp(start, end, weight) as libtorch's vectorised kernel computes it: start + w·(end − start) when |w| &lt; ½,
    /// else end + (w − 1)·(end − start), each a single fused multiply-add. <paramref name="scratch"/> must not alias the others.
    /// </summary>
    internal static void Lerp<T>(Span<T> start, ReadOnlySpan<T> end, double weight, Span<T> scratch)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var w = T.CreateTruncating(weight);
        TensorPrimitives.Subtract(end, start, scratch);
        if (T.Abs(w) < T.CreateTruncating(0.5))
        {
            TensorPrimitives.FusedMultiplyAdd(scratch, w, start, start);
        }
        else
        {
            TensorPrimitives.FusedMultiplyAdd(scratch, w - T.One, end, start);
        }
    }

    /// <summary>The update of one block, in libtorch's operation order.</summary>
    private unsafe struct BlockUpdate<T> : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* P, G, ExpAvg, ExpAvgSq, MaxExpAvgSq;
        public bool Maximize, DecoupledDecay, CoupledDecay;
        public T WeightDecay, DecayFactor, Beta2, OneMinusBeta2, BiasCorrection2Sqrt, Eps, NegativeStepSize;
        public double OneMinusBeta1;

        [SkipLocalsInit]
        public readonly void Run(int start, int length)
        {
            var p = new Span<T>(P + start, length);
            scoped ReadOnlySpan<T> g = new(G + start, length);
            Span<T> work = stackalloc T[length];
            Span<T> denom = stackalloc T[length];
            if (Maximize)
            {
                TensorPrimitives.Negate(g, work);
                g = work;
            }

            if (DecoupledDecay)
            {
                TensorPrimitives.Multiply(p, DecayFactor, p);
            }
            else if (CoupledDecay)
            {
                TensorPrimitives.FusedMultiplyAdd(p, WeightDecay, g, work);
                g = work;
            }

            var expAvg = new Span<T>(ExpAvg + start, length);
            var expAvgSq = new Span<T>(ExpAvgSq + start, length);

            // exp_avg.lerp_(grad, 1 − β₁), as libtorch's vectorised lerp: one fused multiply-add from the nearer end.
            Lerp(expAvg, g, OneMinusBeta1, denom);

            // exp_avg_sq.mul_(β₂).addcmul_(grad, grad, value = 1 − β₂): libtorch's kernel computes fma(value·g, g, self).
            TensorPrimitives.Multiply(expAvgSq, Beta2, expAvgSq);
            TensorPrimitives.Multiply(g, OneMinusBeta2, denom);
            TensorPrimitives.FusedMultiplyAdd(denom, g, expAvgSq, expAvgSq);

            Span<T> second = expAvgSq;
            if (MaxExpAvgSq != null)
            {
                var maxExpAvgSq = new Span<T>(MaxExpAvgSq + start, length);
                TensorPrimitives.Max(maxExpAvgSq, expAvgSq, maxExpAvgSq);
                second = maxExpAvgSq;
            }

            // denom = (√v / √(1 − β₂ᵗ)) + ε, then param.addcdiv_(exp_avg, denom, value = −step_size): θ + (−step_size·m)/denom.
            TensorPrimitives.Sqrt(second, denom);
            TensorPrimitives.Divide(denom, BiasCorrection2Sqrt, denom);
            TensorPrimitives.Add(denom, Eps, denom);
            TensorPrimitives.Multiply(expAvg, NegativeStepSize, work);
            TensorPrimitives.Divide(work, denom, work);
            TensorPrimitives.Add(p, work, p);
        }
    }

    /// <summary>Throws unless hyperparameter <paramref name="key"/> satisfies <paramref name="valid"/>.</summary>
    private protected void Check(ParamGroup group, string key, Func<double, bool> valid)
    {
        if (!valid(group[key]))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group[key], $"{GetType().Name}: invalid {key} value: {group[key]}.");
        }
    }
}
