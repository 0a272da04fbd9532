using System.Numerics.Tensors;

namespace AutoDiffGen.Optim;

/// <summary>
/// Adagrad (<c>torch.optim.Adagrad</c>): s ← s + g²; θ ← θ − clr·g / (√s + ε), with clr = lr / (1 + (t − 1)·lr_decay)
/// and s starting at <c>initial_accumulator_value</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups; the arguments are the defaults for hyperparameters a group leaves unset.</summary>
    public Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["lr_decay"] = lrDecay,
            ["weight_decay"] = weightDecay,
            ["initial_accumulator_value"] = initialAccumulatorValue,
            ["eps"] = eps,
            ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void Validate(ParamGroup group)
    {
        base.Validate(group);
        foreach (var key in new[] { "lr_decay", "weight_decay", "initial_accumulator_value", "eps" })
        {
            if (!(group[key] >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(group), group[key], $"Adagrad: invalid {key} value: {group[key]}.");
            }
        }
    }

    /// <inheritdoc/>
    protected override void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> g = grad.Data<T>();
        var work = Scratch<T>(0, p.Length);
        var std = Scratch<T>(1, p.Length);
        var sum = Buffer<T>(state, "sum", parameter, group["initial_accumulator_value"]);
        state.Step++;

        if (group.Flag("maximize"))
        {
            TensorPrimitives.Negate(g, work);
            g = work;
        }

        if (group["weight_decay"] != 0)
        {
            TensorPrimitives.FusedMultiplyAdd(p, T.CreateTruncating(group["weight_decay"]), g, work);
            g = work;
        }

        var clr = group.Lr / (1 + (state.Step - 1) * group["lr_decay"]);

        // state_sum.addcmul_(g, g, value = 1), which libtorch computes as fma(g, g, state_sum); std = state_sum.sqrt().add_(ε); param.addcdiv_(g, std, value = −clr)
        TensorPrimitives.FusedMultiplyAdd(g, g, sum, sum);
        TensorPrimitives.Sqrt(sum, std);
        TensorPrimitives.Add(std, T.CreateTruncating(group["eps"]), std);
        TensorPrimitives.Multiply(g, T.CreateTruncating(-clr), work);
        TensorPrimitives.Divide(work, std, work);
        TensorPrimitives.Add(p, work, p);
    }
}
