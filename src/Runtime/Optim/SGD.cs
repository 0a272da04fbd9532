using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay and maximisation
/// (<c>torch.optim.SGD</c>):
/// g ← ∇ (negated when maximising) + λ·θ; b ← g on the first step, else μ·b + (1 − τ)·g; g ← g + μ·b (Nesterov) or b;
/// θ ← θ − lr·g.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, momentum, dampening, weightDecay, nesterov, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups; the arguments are the defaults for hyperparameters a group leaves unset.</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["momentum"] = momentum,
            ["dampening"] = dampening,
            ["weight_decay"] = weightDecay,
            ["nesterov"] = nesterov ? 1 : 0,
            ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void Validate(ParamGroup group)
    {
        base.Validate(group);
        if (!(group["momentum"] >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group["momentum"], $"SGD: invalid momentum value: {group["momentum"]}.");
        }

        if (!(group["weight_decay"] >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group["weight_decay"], $"SGD: invalid weight_decay value: {group["weight_decay"]}.");
        }

        if (group.Flag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
        {
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening.");
        }
    }

    /// <inheritdoc/>
    protected override void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> d = grad.Data<T>();
        var work = Scratch<T>(0, p.Length);
        var (momentum, dampening, weightDecay) = (group["momentum"], group["dampening"], group["weight_decay"]);
        if (group.Flag("maximize"))
        {
            TensorPrimitives.Negate(d, work);
            d = work;
        }

        if (weightDecay != 0)
        {
            // grad.add(param, alpha=weight_decay): libtorch's vectorised add-with-alpha is a fused multiply-add.
            TensorPrimitives.FusedMultiplyAdd(p, T.CreateTruncating(weightDecay), d, work);
            d = work;
        }

        state.Step++;
        if (momentum != 0)
        {
            var first = !state.Buffers.ContainsKey("momentum_buffer");
            var buffer = Buffer<T>(state, "momentum_buffer", parameter);
            if (first)
            {
                d.CopyTo(buffer);
            }
            else
            {
                TensorPrimitives.Multiply(buffer, T.CreateTruncating(momentum), buffer);
                TensorPrimitives.FusedMultiplyAdd(d, T.CreateTruncating(1 - dampening), buffer, buffer);
            }

            if (group.Flag("nesterov"))
            {
                TensorPrimitives.FusedMultiplyAdd(buffer, T.CreateTruncating(momentum), d, work);
                d = work;
            }
            else
            {
                d = buffer;
            }
        }

        TensorPrimitives.FusedMultiplyAdd(d, T.CreateTruncating(-group.Lr), p, p);
    }
}
