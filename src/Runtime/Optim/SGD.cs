using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Kernels;

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
    protected override unsafe void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> d = grad.Data<T>();
        var (momentum, dampening, weightDecay) = (group["momentum"], group["dampening"], group["weight_decay"]);
        state.Step++;
        var first = momentum != 0 && !state.Buffers.ContainsKey("momentum_buffer");
        var buffer = momentum != 0 ? Buffer<T>(state, "momentum_buffer", parameter) : default;
        fixed (T* pp = p, pb = buffer)
        fixed (T* pd = d)
        {
            ForEachBlock(p.Length, new BlockUpdate<T>
            {
                P = pp,
                D = pd,
                B = pb,
                Maximize = group.Flag("maximize"),
                WeightDecay = T.CreateTruncating(weightDecay),
                HasWeightDecay = weightDecay != 0,
                HasMomentum = momentum != 0,
                First = first,
                Nesterov = group.Flag("nesterov"),
                Momentum = T.CreateTruncating(momentum),
                OneMinusDampening = T.CreateTruncating(1 - dampening),
                NegativeLr = T.CreateTruncating(-group.Lr),
            });
        }
    }

    /// <summary>The update of one block, in libtorch's operation order.</summary>
    private unsafe struct BlockUpdate<T> : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* P, D, B;
        public bool Maximize, HasWeightDecay, HasMomentum, First, Nesterov;
        public T WeightDecay, Momentum, OneMinusDampening, NegativeLr;

        [SkipLocalsInit]
        public readonly void Run(int start, int length)
        {
            var p = new Span<T>(P + start, length);
            scoped ReadOnlySpan<T> d = new(D + start, length);
            Span<T> work = stackalloc T[length];
            if (Maximize)
            {
                TensorPrimitives.Negate(d, work);
                d = work;
            }

            if (HasWeightDecay)
            {
                // grad.add(param, alpha=weight_decay): libtorch's vectorised add-with-alpha is a fused multiply-add.
                TensorPrimitives.FusedMultiplyAdd(p, WeightDecay, d, work);
                d = work;
            }

            if (HasMomentum)
            {
                var buffer = new Span<T>(B + start, length);
                if (First)
                {
                    d.CopyTo(buffer);
                }
                else
                {
                    TensorPrimitives.Multiply(buffer, Momentum, buffer);
                    TensorPrimitives.FusedMultiplyAdd(d, OneMinusDampening, buffer, buffer);
                }

                if (Nesterov)
                {
                    TensorPrimitives.FusedMultiplyAdd(buffer, Momentum, d, work);
                    d = work;
                }
                else
                {
                    d = buffer;
                }
            }

            TensorPrimitives.FusedMultiplyAdd(d, NegativeLr, p, p);
        }
    }
}
