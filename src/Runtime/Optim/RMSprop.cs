using System.Numerics.Tensors;

namespace AutoDiffGen.Optim;

/// <summary>
/// RMSprop (<c>torch.optim.RMSprop</c>): v ← α·v + (1 − α)·g²; optionally centred (subtracting the square of a running
/// mean of g) and with momentum; θ ← θ − lr·g / (√v + ε) (or through the momentum buffer b ← μ·b + g / (√v + ε)).
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, alpha, eps, weightDecay, momentum, centered, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups; the arguments are the defaults for hyperparameters a group leaves unset.</summary>
    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["alpha"] = alpha,
            ["eps"] = eps,
            ["weight_decay"] = weightDecay,
            ["momentum"] = momentum,
            ["centered"] = centered ? 1 : 0,
            ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void Validate(ParamGroup group)
    {
        base.Validate(group);
        foreach (var key in new[] { "alpha", "eps", "weight_decay", "momentum" })
        {
            if (!(group[key] >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(group), group[key], $"RMSprop: invalid {key} value: {group[key]}.");
            }
        }
    }

    /// <inheritdoc/>
    protected override void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> g = grad.Data<T>();
        var work = Scratch<T>(0, p.Length);
        var avg = Scratch<T>(1, p.Length);
        var (lr, alpha, eps, weightDecay, momentum) = (group.Lr, group["alpha"], group["eps"], group["weight_decay"], group["momentum"]);

        if (group.Flag("maximize"))
        {
            TensorPrimitives.Negate(g, work);
            g = work;
        }

        if (weightDecay != 0)
        {
            TensorPrimitives.FusedMultiplyAdd(p, T.CreateTruncating(weightDecay), g, work);
            g = work;
        }

        state.Step++;
        var squareAvg = Buffer<T>(state, "square_avg", parameter);

        // square_avg.mul_(α).addcmul_(g, g, value = 1 − α): libtorch's kernel computes fma(value·g, g, self).
        TensorPrimitives.Multiply(squareAvg, T.CreateTruncating(alpha), squareAvg);
        TensorPrimitives.Multiply(g, T.CreateTruncating(1 - alpha), avg);
        TensorPrimitives.FusedMultiplyAdd(avg, g, squareAvg, squareAvg);

        if (group.Flag("centered"))
        {
            var gradAvg = Buffer<T>(state, "grad_avg", parameter);
            Adam.Lerp(gradAvg, g, 1 - alpha, avg);

            // avg = square_avg.addcmul(grad_avg, grad_avg, value = −1).sqrt_(): fma(−grad_avg, grad_avg, square_avg).
            TensorPrimitives.Negate(gradAvg, avg);
            TensorPrimitives.FusedMultiplyAdd(avg, gradAvg, squareAvg, avg);
            TensorPrimitives.Sqrt(avg, avg);
        }
        else
        {
            TensorPrimitives.Sqrt(squareAvg, avg);
        }

        TensorPrimitives.Add(avg, T.CreateTruncating(eps), avg);

        if (momentum > 0)
        {
            // buf.mul_(μ).addcdiv_(g, avg); param.add_(buf, alpha = −lr)
            var buffer = Buffer<T>(state, "momentum_buffer", parameter);
            TensorPrimitives.Multiply(buffer, T.CreateTruncating(momentum), buffer);
            TensorPrimitives.Divide(g, avg, avg);
            TensorPrimitives.Add(buffer, avg, buffer);
            TensorPrimitives.FusedMultiplyAdd(buffer, T.CreateTruncating(-lr), p, p);
        }
        else
        {
            // param.addcdiv_(g, avg, value = −lr): θ + (−lr·g)/avg
            TensorPrimitives.Multiply(g, T.CreateTruncating(-lr), work);
            TensorPrimitives.Divide(work, avg, work);
            TensorPrimitives.Add(p, work, p);
        }
    }
}
