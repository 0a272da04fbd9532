using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Kernels;

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
    protected override unsafe void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        var p = parameter.Data<T>();
        ReadOnlySpan<T> g = grad.Data<T>();
        var (lr, alpha, eps, weightDecay, momentum) = (group.Lr, group["alpha"], group["eps"], group["weight_decay"], group["momentum"]);
        state.Step++;
        var squareAvg = Buffer<T>(state, "square_avg", parameter);
        var gradAvg = group.Flag("centered") ? Buffer<T>(state, "grad_avg", parameter) : default;
        var momentumBuffer = momentum > 0 ? Buffer<T>(state, "momentum_buffer", parameter) : default;
        fixed (T* pp = p, ps = squareAvg, pa = gradAvg, pb = momentumBuffer)
        fixed (T* pg = g)
        {
            ForEachBlock(p.Length, new BlockUpdate<T>
            {
                P = pp,
                G = pg,
                SquareAvg = ps,
                GradAvg = pa,
                MomentumBuffer = pb,
                Maximize = group.Flag("maximize"),
                HasWeightDecay = weightDecay != 0,
                WeightDecay = T.CreateTruncating(weightDecay),
                Alpha = T.CreateTruncating(alpha),
                OneMinusAlphaT = T.CreateTruncating(1 - alpha),
                OneMinusAlpha = 1 - alpha,
                Eps = T.CreateTruncating(eps),
                Momentum = T.CreateTruncating(momentum),
                NegativeLr = T.CreateTruncating(-lr),
            });
        }
    }

    /// <summary>The update of one block, in libtorch's operation order.</summary>
    private unsafe struct BlockUpdate<T> : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* P, G, SquareAvg, GradAvg, MomentumBuffer;
        public bool Maximize, HasWeightDecay;
        public T WeightDecay, Alpha, OneMinusAlphaT, Eps, Momentum, NegativeLr;
        public double OneMinusAlpha;

        [SkipLocalsInit]
        public readonly void Run(int start, int length)
        {
            var p = new Span<T>(P + start, length);
            scoped ReadOnlySpan<T> g = new(G + start, length);
            Span<T> work = stackalloc T[length];
            Span<T> avg = stackalloc T[length];
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

            var squareAvg = new Span<T>(SquareAvg + start, length);

            // square_avg.mul_(α).addcmul_(g, g, value = 1 − α): libtorch's kernel computes fma(value·g, g, self).
            TensorPrimitives.Multiply(squareAvg, Alpha, squareAvg);
            TensorPrimitives.Multiply(g, OneMinusAlphaT, avg);
            TensorPrimitives.FusedMultiplyAdd(avg, g, squareAvg, squareAvg);

            if (GradAvg != null)
            {
                var gradAvg = new Span<T>(GradAvg + start, length);
                Adam.Lerp(gradAvg, g, OneMinusAlpha, avg);

                // avg = square_avg.addcmul(grad_avg, grad_avg, value = −1).sqrt_(): fma(−grad_avg, grad_avg, square_avg).
                TensorPrimitives.Negate(gradAvg, avg);
                TensorPrimitives.FusedMultiplyAdd(avg, gradAvg, squareAvg, avg);
                TensorPrimitives.Sqrt(avg, avg);
            }
            else
            {
                TensorPrimitives.Sqrt(squareAvg, avg);
            }

            TensorPrimitives.Add(avg, Eps, avg);

            if (MomentumBuffer != null)
            {
                // buf.mul_(μ).addcdiv_(g, avg); param.add_(buf, alpha = −lr)
                var buffer = new Span<T>(MomentumBuffer + start, length);
                TensorPrimitives.Multiply(buffer, Momentum, buffer);
                TensorPrimitives.Divide(g, avg, avg);
                TensorPrimitives.Add(buffer, avg, buffer);
                TensorPrimitives.FusedMultiplyAdd(buffer, NegativeLr, p, p);
            }
            else
            {
                // param.addcdiv_(g, avg, value = −lr): θ + (−lr·g)/avg
                TensorPrimitives.Multiply(g, NegativeLr, work);
                TensorPrimitives.Divide(work, avg, work);
                TensorPrimitives.Add(p, work, p);
            }
        }
    }
}
