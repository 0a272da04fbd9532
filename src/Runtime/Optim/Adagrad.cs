using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Kernels;

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
    protected override unsafe void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> g = grad.Data<T>();
        var sum = Buffer<T>(state, "sum", parameter, group["initial_accumulator_value"]);
        state.Step++;
        var clr = group.Lr / (1 + (state.Step - 1) * group["lr_decay"]);
        fixed (T* pp = p, ps = sum)
        fixed (T* pg = g)
        {
            ForEachBlock(p.Length, new BlockUpdate<T>
            {
                P = pp,
                G = pg,
                Sum = ps,
                Maximize = group.Flag("maximize"),
                HasWeightDecay = group["weight_decay"] != 0,
                WeightDecay = T.CreateTruncating(group["weight_decay"]),
                Eps = T.CreateTruncating(group["eps"]),
                NegativeClr = T.CreateTruncating(-clr),
            });
        }
    }

    /// <summary>The update of one block, in libtorch's operation order.</summary>
    private unsafe struct BlockUpdate<T> : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* P, G, Sum;
        public bool Maximize, HasWeightDecay;
        public T WeightDecay, Eps, NegativeClr;

        [SkipLocalsInit]
        public readonly void Run(int start, int length)
        {
            var p = new Span<T>(P + start, length);
            scoped ReadOnlySpan<T> g = new(G + start, length);
            Span<T> work = stackalloc T[length];
            Span<T> std = stackalloc T[length];
            if (Maximize)
            {
                TensorPrimitives.Negate(g, work);
                g = work;
            }

            if (HasWeightDecay)
            {
                TensorPrimitives.FusedMultiplyAdd(p, WeightDecay, g, work);
                g = work;
            }

            // state_sum.addcmul_(g, g, value = 1), which libtorch computes as fma(g, g, state_sum); std = state_sum.sqrt().add_(ε); param.addcdiv_(g, std, value = −clr)
            var sum = new Span<T>(Sum + start, length);
            TensorPrimitives.FusedMultiplyAdd(g, g, sum, sum);
            TensorPrimitives.Sqrt(sum, std);
            TensorPrimitives.Add(std, Eps, std);
            TensorPrimitives.Multiply(g, NegativeClr, work);
            TensorPrimitives.Divide(work, std, work);
            TensorPrimitives.Add(p, work, p);
        }
    }
}
