using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The methods the snapshot, compile-and-run and gradient-check tests share: every construct the generator
/// supports appears in at least one.
/// </summary>
public static class Cases
{
    private static readonly int[][] Scalar = [];

    public static readonly GeneratorCase Rosenbrock = new(nameof(Rosenbrock), """
            [Differentiable]
            public static double Rosenbrock(double x0, double x1) =>
                100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);
        """, "Rosenbrock", Scalar);

    public static readonly GeneratorCase Square = new(nameof(Square), """
            [Differentiable]
            public static double Square(double x) => x * x;
        """, "Square", Scalar);

    public static readonly GeneratorCase Polynomial = new(nameof(Polynomial), """
            [Differentiable]
            public static double Polynomial(double x) => -x * x * x + 3 * x - 2;
        """, "Polynomial", Scalar);

    public static readonly GeneratorCase Quotient = new(nameof(Quotient), """
            [Differentiable]
            public static double Quotient(double a, double b) => (a + 1) / (b * b + 1);
        """, "Quotient", Scalar);

    public static readonly GeneratorCase Locals = new(nameof(Locals), """
            [Differentiable]
            public static double Locals(double x, double y)
            {
                var u = x * y;
                var v = u + x;
                return u * v;
            }
        """, "Locals", Scalar);

    public static readonly GeneratorCase Reassignment = new(nameof(Reassignment), """
            [Differentiable]
            public static double Reassignment(double x)
            {
                var y = x;
                y = y * x;
                y = y + 1;
                return y * x;
            }
        """, "Reassignment", Scalar);

    public static readonly GeneratorCase CompoundAssignment = new(nameof(CompoundAssignment), """
            [Differentiable]
            public static double CompoundAssignment(double x, double y)
            {
                var s = x;
                s += y;
                s *= x;
                s -= y;
                s /= 2;
                return s;
            }
        """, "CompoundAssignment", Scalar);

    public static readonly GeneratorCase Relu = new(nameof(Relu), """
            [Differentiable]
            public static double Relu(double x) => x > 0 ? x : 0.0;
        """, "Relu", Scalar);

    public static readonly GeneratorCase LeakyRelu = new(nameof(LeakyRelu), """
            [Differentiable]
            public static double LeakyRelu(double x) => x > 0 ? x : 0.01 * x;
        """, "LeakyRelu", Scalar);

    public static readonly GeneratorCase IfElse = new(nameof(IfElse), """
            [Differentiable]
            public static double IfElse(double x, double y)
            {
                double z;
                if (x > 0.5)
                {
                    z = Math.Log(x) * y;
                }
                else
                {
                    z = x * x - y;
                }

                return z * z;
            }
        """, "IfElse", Scalar, Positive: true);

    public static readonly GeneratorCase EarlyReturn = new(nameof(EarlyReturn), """
            [Differentiable]
            public static double EarlyReturn(double x)
            {
                if (x < 0.5)
                {
                    return Math.Exp(x) - 1;
                }

                var y = x * x;
                return y + x;
            }
        """, "EarlyReturn", Scalar);

    public static readonly GeneratorCase NestedIf = new(nameof(NestedIf), """
            [Differentiable]
            public static double NestedIf(double x, double y, int mode)
            {
                var t = x * y;
                if (mode > 0)
                {
                    if (x > y)
                    {
                        t = t * x;
                    }
                    else
                    {
                        t = t + Math.Sin(y);
                    }
                }

                return t + y;
            }
        """, "NestedIf", Scalar);

    public static readonly GeneratorCase MathChain = new(nameof(MathChain), """
            [Differentiable]
            public static double MathChain(double x) => Math.Sin(x) * Math.Exp(-x) + Math.Log(1 + x * x) + Math.Cos(2 * x);
        """, "MathChain", Scalar);

    public static readonly GeneratorCase TanhReuse = new(nameof(TanhReuse), """
            [Differentiable]
            public static double TanhReuse(double x, double w) => Math.Tanh(w * x) + Math.Exp(x);
        """, "TanhReuse", Scalar);

    public static readonly GeneratorCase SqrtPow = new(nameof(SqrtPow), """
            [Differentiable]
            public static double SqrtPow(double x, double y) => Math.Sqrt(x * x + y * y) + Math.Pow(x, 3) + Math.Pow(x, y);
        """, "SqrtPow", Scalar, Positive: true);

    public static readonly GeneratorCase AbsMaxMin = new(nameof(AbsMaxMin), """
            [Differentiable]
            public static double AbsMaxMin(double x, double y) => Math.Max(x, y) + Math.Abs(x) * Math.Min(y, 0.5);
        """, "AbsMaxMin", Scalar);

    public static readonly GeneratorCase Trigonometry = new(nameof(Trigonometry), """
            [Differentiable]
            public static double Trigonometry(double x) =>
                Math.Atan(x) + Math.Sinh(x) * Math.Cosh(x) + Math.Tan(x) + Math.Asin(x / 2) + Math.Acos(x / 3) + Math.Cbrt(x + 2) + Math.Log10(x + 2) + Math.Log2(x + 3);
        """, "Trigonometry", Scalar);

    public static readonly GeneratorCase SingleSoftplus = new(nameof(SingleSoftplus), """
            [Differentiable]
            public static float SingleSoftplus(float x) => MathF.Log(1f + MathF.Exp(x));
        """, "SingleSoftplus", Scalar);

    public static readonly GeneratorCase MixedPrecision = new(nameof(MixedPrecision), """
            [Differentiable]
            public static double MixedPrecision(float x, double y) => x * y + (double)(x * x);
        """, "MixedPrecision", Scalar);

    public static readonly GeneratorCase NoDerivative = new(nameof(NoDerivative), """
            [Differentiable]
            public static double NoDerivative(double x, [NoDerivative] double k) => k * x * x + Math.Exp(k);
        """, "NoDerivative", Scalar);

    public static readonly GeneratorCase IntegerParameter = new(nameof(IntegerParameter), """
            [Differentiable]
            public static double IntegerParameter(double x, int n) => n * x * x + n;
        """, "IntegerParameter", Scalar);

    public static readonly GeneratorCase WithoutDerivative = new(nameof(WithoutDerivative), """
            [Differentiable]
            public static double WithoutDerivative(double x, double y) => x * Differentiation.WithoutDerivative(x * y) + y;
        """, "WithoutDerivative", Scalar);

    public static readonly GeneratorCase Composition = new(nameof(Composition), """
            [Differentiable]
            public static double Inner(double a, double b) => a * Math.Sin(b);

            [Differentiable]
            public static double Composition(double x, double y) => Inner(x * y, y) + Inner(y, 2 * x);
        """, "Composition", Scalar);

    public static readonly GeneratorCase UserRule = new(nameof(UserRule), """
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [DerivativeOf(nameof(Softplus))]
            public static double SoftplusBackward(double grad, double x) => grad / (1 + Math.Exp(-x));

            [Differentiable]
            public static double UserRule(double x) => Softplus(2 * x) * x;
        """, "UserRule", Scalar);

    public static readonly GeneratorCase UserRuleWins = new(nameof(UserRuleWins), """
            [Differentiable]
            public static double Smooth(double x) => Math.Sqrt(x * x + 1);

            // The user's rule for their own [Differentiable] method wins: callers compose it, not SmoothBackward.
            [DerivativeOf(nameof(Smooth))]
            public static double SmoothRule(double grad, double x, double result) => grad * x / result;

            [Differentiable]
            public static double UserRuleWins(double x) => Smooth(x) * Smooth(3 * x);
        """, "UserRuleWins", Scalar);

    public static readonly GeneratorCase WrtRules = new(nameof(WrtRules), """
            public static double Hypot(double a, double b, double scale = 1) => scale * Math.Sqrt(a * a + b * b);

            [DerivativeOf(nameof(Hypot), Wrt = "a")]
            public static double HypotBackwardA(double grad, double a, double scale, double result) => grad * scale * scale * a / result;

            [DerivativeOf(nameof(Hypot), Wrt = "b")]
            public static double HypotBackwardB(double grad, double b, double scale, double result) => grad * scale * scale * b / result;

            [Differentiable]
            public static double WrtRules(double x, double y) => Hypot(x, 2) + Hypot(b: y, a: x, scale: 3);
        """, "WrtRules", Scalar);

    public static readonly GeneratorCase Constants = new(nameof(Constants), """
            private const double Half = 0.5;

            [Differentiable]
            public static double Constants(double x) => Math.Exp(-Half * x * x) / Math.Sqrt(2 * Math.PI) + 2 * 3 * x;
        """, "Constants", Scalar);

    public static readonly GeneratorCase Gelu = new(nameof(Gelu), """
            [Differentiable]
            public static Tensor Gelu(Tensor x) =>
                0.5 * x * (1.0 + Tensor.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
        """, "Gelu", [[2, 3]]);

    public static readonly GeneratorCase Broadcasting = new(nameof(Broadcasting), """
            [Differentiable]
            public static Tensor Broadcasting(Tensor x, Tensor w, Tensor b) => x * w + b;
        """, "Broadcasting", [[2, 3], [3], [1, 3]]);

    public static readonly GeneratorCase Layer = new(nameof(Layer), """
            [Differentiable]
            public static Tensor Layer(Tensor x, Tensor w) => Tensor.Tanh(Tensor.MatMul(x, w));
        """, "Layer", [[2, 3], [3, 4]]);

    public static readonly GeneratorCase SumOfSquares = new(nameof(SumOfSquares), """
            [Differentiable]
            public static Tensor SumOfSquares(Tensor x) => (x * x).Sum();
        """, "SumOfSquares", [[2, 3]]);

    public static readonly GeneratorCase MseLoss = new(nameof(MseLoss), """
            [Differentiable]
            public static Tensor MseLoss(Tensor prediction, [NoDerivative] Tensor target)
            {
                var diff = prediction - target;
                return (diff * diff).Sum() / diff.NumElements;
            }
        """, "MseLoss", [[2, 3], [2, 3]]);

    public static readonly GeneratorCase TensorSoftplus = new(nameof(TensorSoftplus), """
            [Differentiable]
            public static Tensor TensorSoftplus(Tensor x) => Tensor.Log(1.0 + Tensor.Exp(x));
        """, "TensorSoftplus", [[4]]);

    public static readonly GeneratorCase TensorComposition = new(nameof(TensorComposition), """
            [Differentiable]
            public static Tensor Dense(Tensor x, Tensor w) => Tensor.Tanh(Tensor.MatMul(x, w));

            [Differentiable]
            public static Tensor TensorComposition(Tensor x, Tensor w1, Tensor w2) => Dense(Dense(x, w1), w2).Sum();
        """, "TensorComposition", [[2, 3], [3, 4], [4, 2]]);

    public static readonly GeneratorCase TensorRatio = new(nameof(TensorRatio), """
            [Differentiable]
            public static Tensor TensorRatio(Tensor a, Tensor b) => a / (b * b + 1.0) - 2.0 / (a * a + 1.0);
        """, "TensorRatio", [[3], [2, 3]]);

    public static readonly GeneratorCase Gram = new(nameof(Gram), """
            [Differentiable]
            public static Tensor Gram(Tensor x) => Tensor.MatMul(x, x.T);
        """, "Gram", [[2, 3]]);

    public static readonly GeneratorCase TensorAxis = new(nameof(TensorAxis), """
            [Differentiable]
            public static Tensor TensorAxis(Tensor x, int rows) => (x.Reshape(rows, -1) * 2.0).Sum();
        """, "TensorAxis", [[6]]);

    public static readonly GeneratorCase LayerNorm = new(nameof(LayerNorm), """
            [Differentiable]
            public static Tensor LayerNorm(Tensor x, Tensor weight, Tensor bias, double eps)
            {
                var mean = x.Mean(-1, keepDim: true);
                var centered = x - mean;
                var variance = (centered * centered).Mean(-1, keepDim: true);
                return centered / Tensor.Sqrt(variance + eps) * weight + bias;
            }
        """, "LayerNorm", [[2, 4], [4], [4]], Positive: true);

    public static readonly GeneratorCase LogSoftmax = new(nameof(LogSoftmax), """
            [Differentiable]
            public static Tensor LogSoftmax(Tensor x, int dim)
            {
                var shifted = x - Differentiation.WithoutDerivative(x.Max(dim, keepDim: true).Values);
                return shifted - Tensor.Log(Tensor.Exp(shifted).Sum(dim, keepDim: true));
            }
        """, "LogSoftmax", [[2, 3]], Integer: 1);

    public static readonly GeneratorCase NodeState = new(nameof(NodeState), """
            [Differentiable]
            public static Tensor NodeState(Tensor x, double scale, int axis, [NoDerivative] Tensor offset) => (x * scale + offset).Sum(axis);
        """, "NodeState", [[2, 3], [3]], Integer: 1);

    public static IEnumerable<GeneratorCase> All =>
    [
        Rosenbrock, Square, Polynomial, Quotient, Locals, Reassignment, CompoundAssignment, Relu, LeakyRelu, IfElse,
        EarlyReturn, NestedIf, MathChain, TanhReuse, SqrtPow, AbsMaxMin, Trigonometry, SingleSoftplus, MixedPrecision,
        NoDerivative, IntegerParameter, WithoutDerivative, Composition, UserRule, UserRuleWins, WrtRules, Constants,
        Gelu, Broadcasting, Layer, SumOfSquares, MseLoss, TensorSoftplus, TensorComposition, TensorRatio, Gram, TensorAxis,
        LayerNorm, LogSoftmax, NodeState,
    ];

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static GeneratorCase ByName(string name) => All.Single(c => c.Name == name);
}
