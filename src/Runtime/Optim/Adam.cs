using System.Numerics.Tensors;

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
    protected override void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> g = grad.Data<T>();
        var work = Scratch<T>(0, p.Length);
        var denom = Scratch<T>(1, p.Length);
        var (lr, beta1, beta2, eps, weightDecay) = (group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"]);

        if (group.Flag("maximize"))
        {
            TensorPrimitives.Negate(g, work);
            g = work;
        }

        if (weightDecay != 0)
        {
            if (Decoupled)
            {
                TensorPrimitives.Multiply(p, T.CreateTruncating(1 - lr * weightDecay), p);
            }
            else
            {
                TensorPrimitives.FusedMultiplyAdd(p, T.CreateTruncating(weightDecay), g, work);
                g = work;
            }
        }

        state.Step++;
        var expAvg = Buffer<T>(state, "exp_avg", parameter);
        var expAvgSq = Buffer<T>(state, "exp_avg_sq", parameter);

        // exp_avg.lerp_(grad, 1 − β₁), as libtorch's vectorised lerp: one fused multiply-add from the nearer end.
        Lerp(expAvg, g, 1 - beta1, denom);

        // exp_avg_sq.mul_(β₂).addcmul_(grad, grad, value = 1 − β₂): libtorch's kernel computes fma(value·g, g, self).
        TensorPrimitives.Multiply(expAvgSq, T.CreateTruncating(beta2), expAvgSq);
        TensorPrimitives.Multiply(g, T.CreateTruncating(1 - beta2), denom);
        TensorPrimitives.FusedMultiplyAdd(denom, g, expAvgSq, expAvgSq);

        var biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
        var biasCorrection2 = 1 - Math.Pow(beta2, state.Step);
        var stepSize = lr / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);

        Span<T> second = expAvgSq;
        if (group.Flag("amsgrad"))
        {
            var maxExpAvgSq = Buffer<T>(state, "max_exp_avg_sq", parameter);
            TensorPrimitives.Max(maxExpAvgSq, expAvgSq, maxExpAvgSq);
            second = maxExpAvgSq;
        }

        // denom = (√v / √(1 − β₂ᵗ)) + ε, then param.addcdiv_(exp_avg, denom, value = −step_size): θ + (−step_size·m)/denom.
        TensorPrimitives.Sqrt(second, denom);
        TensorPrimitives.Divide(denom, T.CreateTruncating(biasCorrection2Sqrt), denom);
        TensorPrimitives.Add(denom, T.CreateTruncating(eps), denom);
        TensorPrimitives.Multiply(expAvg, T.CreateTruncating(-stepSize), work);
        TensorPrimitives.Divide(work, denom, work);
        TensorPrimitives.Add(p, work, p);
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

    /// <summary>Throws unless hyperparameter <paramref name="key"/> satisfies <paramref name="valid"/>.</summary>
    private protected void Check(ParamGroup group, string key, Func<double, bool> valid)
    {
        if (!valid(group[key]))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group[key], $"{GetType().Name}: invalid {key} value: {group[key]}.");
        }
    }
}
