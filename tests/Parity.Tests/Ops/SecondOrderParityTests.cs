using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Infrastructure;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>
/// Second derivatives: the gradient taken with createGraph is differentiated again along a random direction v, giving
/// the Hessian-vector product (∂²(g·y)/∂x²)·v, compared with libtorch's autograd.grad(create_graph: true) then backward.
/// Float64 only: it checks that each backward rule is itself differentiable and correct, not float32 rounding again.
/// </summary>
public class SecondOrderParityTests
{
    private sealed record Row(string Name, int[][] Shapes, Func<Tensor[], Tensor> Ours, Func<torch.Tensor[], torch.Tensor> Torch,
        Func<int, double, double>? Domain = null);

    private static readonly Row[] Rows =
    [
        new("exp", [[3, 4]], x => Tensor.Exp(x[0]), x => x[0].exp()),
        new("log", [[3, 4]], x => Tensor.Log(x[0]), x => x[0].log(), Domains.Positive),
        new("tanh", [[3, 4]], x => Tensor.Tanh(x[0]), x => x[0].tanh()),
        new("sigmoid", [[3, 4]], x => Tensor.Sigmoid(x[0]), x => x[0].sigmoid()),
        new("erf", [[3, 4]], x => Tensor.Erf(x[0]), x => x[0].erf()),
        new("logsigmoid", [[3, 4]], x => Tensor.LogSigmoid(x[0] * 3.0), x => F.logsigmoid(x[0] * 3.0)),
        new("softplus", [[3, 4]], x => Tensor.Softplus(x[0] * 3.0), x => F.softplus(x[0] * 3.0)),
        new("sqrt", [[3, 4]], x => Tensor.Sqrt(x[0]), x => x[0].sqrt(), Domains.Positive),
        new("pow 3", [[3, 4]], x => Tensor.Pow(x[0], 3.0), x => x[0].pow(3.0)),
        new("mul broadcast", [[3, 4], [4]], x => x[0] * x[1] * x[0], x => x[0] * x[1] * x[0]),
        new("div broadcast", [[3, 4], [4]], x => x[0] / x[1], x => x[0] / x[1], Domains.SecondAwayFromZero),
        new("matmul", [[3, 4], [4, 2]], x => Tensor.MatMul(Tensor.Tanh(x[0]), x[1]), x => x[0].tanh().matmul(x[1])),
        new("sum and mean of squares", [[3, 4]], x => (x[0] * x[0]).Sum(1) + (x[0] * x[0]).Mean(0).Sum(), x => (x[0] * x[0]).sum(1) + (x[0] * x[0]).mean(L(0)).sum()),
        new("logsumexp", [[3, 4]], x => x[0].LogSumExp(1), x => x[0].logsumexp(1)),
        new("softmax", [[3, 4]], x => Functional.Softmax(x[0], 1), x => F.softmax(x[0], 1)),
        new("log_softmax", [[3, 4]], x => Functional.LogSoftmax(x[0], 1), x => F.log_softmax(x[0], 1)),
        new("gelu tanh", [[3, 4]], x => Functional.Gelu(x[0], GeluApproximation.Tanh), x => F.gelu(x[0], TorchSharp.Modules.GELU.Approximate.tanh)),
        new("layer_norm", [[3, 4]], x => Functional.LayerNorm(x[0], [4]), x => F.layer_norm(x[0], [4])),
        new("conv2d stride 2 padding 1 (tanh input)", [[2, 2, 5, 5], [3, 2, 3, 3], [3]],
            x => Functional.Conv2d(Tensor.Tanh(x[0]), x[1], x[2], stride: 2, padding: 1), x => F.conv2d(x[0].tanh(), x[1], x[2], strides: [2, 2], padding: [1, 1])),
        new("conv2d groups 2 dilation 2 squared", [[2, 4, 6, 6], [4, 2, 2, 2]],
            x => Functional.Conv2d(x[0], x[1], dilation: 2, groups: 2) * Functional.Conv2d(x[0], x[1], dilation: 2, groups: 2),
            x => F.conv2d(x[0], x[1], dilation: [2, 2], groups: 2) * F.conv2d(x[0], x[1], dilation: [2, 2], groups: 2)),
        new("conv_transpose2d stride 2 (tanh input)", [[2, 2, 3, 3], [2, 3, 3, 3]],
            x => Functional.ConvTranspose2d(Tensor.Tanh(x[0]), x[1], stride: 2), x => F.conv_transpose2d(x[0].tanh(), x[1], strides: [2, 2])),
        new("max_pool2d of tanh", [[2, 2, 6, 6]], x => Functional.MaxPool2d(Tensor.Tanh(x[0]), 2), x => F.max_pool2d(x[0].tanh(), 2)),
        new("avg_pool2d padding 1 of squares", [[2, 2, 5, 5]], x => Functional.AvgPool2d(x[0] * x[0], 3, 2, 1), x => F.avg_pool2d(x[0] * x[0], [3, 3], [2, 2], [1, 1])),
        new("batch_norm training", [[4, 3, 2, 2], [3], [3]], x => Functional.BatchNorm(x[0], null, null, x[1], x[2], training: true),
            x => F.batch_norm(x[0], null, null, x[1], x[2], training: true)),
    ];

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var r in Rows)
            {
                data.Add(r.Name);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void HessianVectorProduct_MatchesLibtorch(string name) => Check(name);

    private static void Check(string name)
    {
        var row = Rows.Single(r => r.Name == name);
        var domain = row.Domain ?? ((_, v) => v);
        var rng = new Random(OpParity.StableSeed(name));
        using var scope = torch.NewDisposeScope();

        var ours = new Tensor[row.Shapes.Length];
        var theirs = new torch.Tensor[row.Shapes.Length];
        var directions = new double[row.Shapes.Length][];
        for (int i = 0; i < row.Shapes.Length; i++)
        {
            var count = row.Shapes[i].Aggregate(1, (p, d) => p * d);
            var values = OpParity.Normal(rng, count).Select(v => domain(i, v)).ToArray();
            directions[i] = OpParity.Normal(rng, count);
            ours[i] = OpParity.Ours(values, row.Shapes[i], DType.Float64);
            ours[i].RequiresGrad = true;
            theirs[i] = OpParity.Torch(values, row.Shapes[i], DType.Float64).requires_grad_(true);
        }

        var y = row.Ours(ours);
        var ty = row.Torch(theirs);
        var upstream = OpParity.Normal(rng, y.NumElements);
        var firstOrder = Autograd.Grad(y, ours, OpParity.Ours(upstream, y.Shape.ToArray(), DType.Float64), createGraph: true);
        var torchFirstOrder = torch.autograd.grad([ty], theirs, [OpParity.Torch(upstream, y.Shape.ToArray(), DType.Float64)], retain_graph: true, create_graph: true); // TorchSharp does not default retain_graph to create_graph as PyTorch does.

        Tensor? ourDot = null;
        torch.Tensor? torchDot = null;
        for (int i = 0; i < ours.Length; i++)
        {
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(torchFirstOrder[i]), firstOrder[i]!.ToDoubleArray(), 1e-10, $"{name}: first-order gradient {i}");
            var ourTerm = (firstOrder[i]! * OpParity.Ours(directions[i], row.Shapes[i], DType.Float64)).Sum();
            var torchTerm = (torchFirstOrder[i] * OpParity.Torch(directions[i], row.Shapes[i], DType.Float64)).sum();
            ourDot = ourDot is null ? ourTerm : ourDot + ourTerm;
            torchDot = torchDot is null ? torchTerm : torchDot + torchTerm;
        }

        ourDot!.Backward();
        torchDot!.backward();
        for (int i = 0; i < ours.Length; i++)
        {
            var expected = theirs[i].grad;
            var actual = ours[i].Grad;
            var what = $"{name}: Hessian-vector product for input {i}";
            if (expected is null)
            {
                Assert.True(actual is null || actual.ToDoubleArray().All(v => v == 0), $"{what}: libtorch has none, ours is non-zero.");
                continue;
            }

            Assert.True(actual is not null, $"{what}: libtorch has one, ours is missing.");
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(expected), actual!.ToDoubleArray(), 1e-10, what);
        }
    }

    private static long[] L(params int[] dims) => Constants.L(dims);
}
