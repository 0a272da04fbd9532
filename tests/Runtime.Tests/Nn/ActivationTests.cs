using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class ActivationTests
{
    private static readonly double[] Xs = [-3.1, -1.2, -0.4, 0.3, 0.9, 2.6];

    public static TheoryData<string> Names => ["relu", "leaky", "sigmoid", "tanh", "silu", "gelu", "gelu_tanh", "softplus", "logsigmoid"];

    private static (Func<Tensor, Tensor> Op, Func<double, double> Reference) Get(string name) => name switch
    {
        "relu" => (Functional.Relu, x => Math.Max(x, 0)),
        "leaky" => (x => Functional.LeakyRelu(x, 0.2), x => x > 0 ? x : 0.2 * x),
        "sigmoid" => (Functional.Sigmoid, x => 1 / (1 + Math.Exp(-x))),
        "tanh" => (Functional.Tanh, Math.Tanh),
        "silu" => (Functional.Silu, x => x / (1 + Math.Exp(-x))),
        "gelu" => (x => Functional.Gelu(x), x => x * Phi(x)),
        "gelu_tanh" => (x => Functional.Gelu(x, GeluApproximation.Tanh),
            x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))),
        "softplus" => (x => Functional.Softplus(x, beta: 2, threshold: 4), x => 2 * x > 4 ? x : Math.Log(1 + Math.Exp(2 * x)) / 2),
        "logsigmoid" => (Functional.LogSigmoid, x => -Math.Log(1 + Math.Exp(-x))),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Standard normal CDF from the tabulated erf values the tests use.</summary>
    private static double Phi(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    private static double Erf(double x)
    {
        // Independent reference: Simpson's rule on 2/√π ∫₀ˣ e^(−t²) dt with 2000 panels (error ≪ 1e-12 here).
        const int n = 2000;
        var h = x / n;
        var sum = 1 + Math.Exp(-x * x);
        for (var i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * Math.Exp(-(i * h) * (i * h));
        }

        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValuesMatchScalarFormula(string name)
    {
        var (op, reference) = Get(name);
        var y = op(Tensor.FromArray(Xs)).ToArray<double>();
        NnAssert.Close(Xs.Select(reference).ToArray(), y, 1e-13);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientPassesGradCheck(string name)
    {
        var (op, _) = Get(name);
        GradCheck.Check(t => op(t[0]), [NnAssert.Leaf(Xs, 2, 3)]);
    }

    [Fact]
    public void ErfMatchesTabulatedValues()
    {
        NnAssert.Close(0.5204998778130465, PendingErf(0.5), 1e-15);
        NnAssert.Close(0.8427007929497149, PendingErf(1), 1e-15);
        NnAssert.Close(0.9953222650189527, PendingErf(2), 1e-15);
        NnAssert.Close(-0.9999779095030014, PendingErf(-3), 1e-15);
        NnAssert.Close(0.9999999845827421, PendingErf(4), 1e-15);
    }

    private static double PendingErf(double x) => Tensor.ErfOperator.Scalar(x);

    [Fact]
    public void SigmoidSaturatesWithoutNaN()
    {
        var x = NnAssert.Leaf([-800, 800], 2);
        var y = Functional.Sigmoid(x);
        Assert.Equal(new double[] { 0, 1 }, y.ToArray<double>());
        y.Sum().Backward();
        Assert.Equal(new double[] { 0, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxMatchHandComputationAndStayFiniteForLargeInputs()
    {
        double[] x = [1, 2, 3, 1000, 1001, 1002];
        var softmax = Functional.Softmax(Tensor.FromArray(x, 2, 3), dim: 1).ToArray<double>();
        var logSoftmax = Functional.LogSoftmax(Tensor.FromArray(x, 2, 3), dim: -1).ToArray<double>();
        var z = Math.Exp(-2) + Math.Exp(-1) + 1;
        double[] rowP = [Math.Exp(-2) / z, Math.Exp(-1) / z, 1 / z];
        NnAssert.Close([.. rowP, .. rowP], softmax, 1e-14);
        NnAssert.Close([.. rowP.Select(v => Math.Log(v)), .. rowP.Select(v => Math.Log(v))], logSoftmax, 1e-14);
    }

    [Fact]
    public void SoftmaxOverFirstDimensionNormalisesColumns()
    {
        var y = Functional.Softmax(Tensor.FromArray(new double[] { 0, 1, 2, 3 }, 2, 2), dim: 0).ToArray<double>();
        var p = 1 / (1 + Math.Exp(2));
        NnAssert.Close([p, p, 1 - p, 1 - p], y, 1e-15);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void SoftmaxFamilyGradientsPassGradCheck(int dim)
    {
        double[] x = [0.2, -1.0, 3.0, 0.5, 0.1, -0.3];
        GradCheck.Check(t => Functional.Softmax(t[0], dim), [NnAssert.Leaf(x, 2, 3)]);
        GradCheck.Check(t => Functional.LogSoftmax(t[0], dim), [NnAssert.Leaf(x, 2, 3)]);
    }

    [Fact]
    public void ModulesApplyTheirFunctions()
    {
        var x = Tensor.FromArray(Xs, 2, 3);
        Assert.Equal(Functional.Relu(x).ToArray<double>(), new ReLU().Call(x).ToArray<double>());
        Assert.Equal(Functional.LeakyRelu(x, 0.3).ToArray<double>(), new LeakyReLU(0.3).Call(x).ToArray<double>());
        Assert.Equal(Functional.Sigmoid(x).ToArray<double>(), new Sigmoid().Call(x).ToArray<double>());
        Assert.Equal(Functional.Tanh(x).ToArray<double>(), new Tanh().Call(x).ToArray<double>());
        Assert.Equal(Functional.Silu(x).ToArray<double>(), new SiLU().Call(x).ToArray<double>());
        Assert.Equal(Functional.Gelu(x, GeluApproximation.Tanh).ToArray<double>(), new GELU(GeluApproximation.Tanh).Call(x).ToArray<double>());
        Assert.Equal(Functional.Softmax(x, 1).ToArray<double>(), new Softmax(1).Call(x).ToArray<double>());
        Assert.Equal(Functional.LogSoftmax(x, 0).ToArray<double>(), new LogSoftmax(0).Call(x).ToArray<double>());
        Assert.Equal(new Shape(2, 3), new Flatten().Call(x).Shape);
        Assert.Equal(new Shape(6), new Flatten(0).Call(x).Shape);
    }
}
