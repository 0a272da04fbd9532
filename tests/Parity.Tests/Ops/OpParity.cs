using AutoDiffGen.Parity.Tests.Infrastructure;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>
/// Runs one <see cref="OpCase"/> on both sides: the same seeded inputs, then compares every output (floats within the
/// case's tolerance scaled by the tensor's largest magnitude, int64 and bool exactly), then back-propagates the same
/// random upstream gradient through every float output and compares the gradient of every non-constant input.
/// </summary>
internal static class OpParity
{
    /// <summary>The rows' names as theory data, so each row is its own test case.</summary>
    public static TheoryData<string> Names(IEnumerable<OpCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases)
        {
            data.Add(c.Name);
        }
        return data;
    }

    /// <summary>The row called <paramref name="name"/>; the table must not repeat a name.</summary>
    public static OpCase Find(IEnumerable<OpCase> cases, string name) => cases.Single(c => c.Name == name);

    /// <summary>Compares forward values and gradients of <paramref name="c"/> in <paramref name="dtype"/> (Float32 or Float64).</summary>
    public static void Check(OpCase c, DType dtype)
    {
        double tolerance = dtype == DType.Float64 ? c.Float64Tolerance : c.Float32Tolerance;
        var rng = new Random(StableSeed(c.Name));
        var values = new double[c.Shapes.Length][];
        for (int i = 0; i < c.Shapes.Length; i++)
        {
            values[i] = Normal(rng, c.Shapes[i].Aggregate(1, (p, d) => p * d)).Select(v => c.Domain(i, v)).ToArray();
        }

        using var scope = torch.NewDisposeScope();
        var ours = new Tensor[values.Length];
        var theirs = new torch.Tensor[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bool grad = c.Differentiable && !c.Constant.Contains(i);
            ours[i] = Ours(values[i], c.Shapes[i], dtype);
            ours[i].RequiresGrad = grad;
            theirs[i] = Torch(values[i], c.Shapes[i], dtype).requires_grad_(grad);
        }

        var ourOutputs = c.Ours(ours);
        var torchOutputs = c.Torch(theirs);
        Assert.True(ourOutputs.Length == torchOutputs.Length,
            $"{c.Name}: {ourOutputs.Length} outputs here, {torchOutputs.Length} in libtorch.");

        for (int k = 0; k < ourOutputs.Length; k++)
        {
            CompareOutput(c.Name, k, ourOutputs[k], torchOutputs[k], tolerance);
        }

        if (!c.Differentiable)
        {
            return;
        }

        Backward(ourOutputs, torchOutputs, rng, dtype);
        for (int i = 0; i < ours.Length; i++)
        {
            if (c.Constant.Contains(i))
            {
                continue;
            }

            var what = $"{c.Name} ({dtype}): gradient of input {i} {Describe(c.Shapes[i])}";
            var expected = theirs[i].grad;
            var actual = ours[i].Grad;
            if (expected is null)
            {
                // libtorch leaves no gradient on an input the outputs do not depend on; ours may give none or zeros.
                Assert.True(actual is null || actual.ToDoubleArray().All(v => v == 0), $"{what}: libtorch has none, ours is non-zero.");
                continue;
            }

            Assert.True(actual is not null, $"{what}: libtorch has one, ours is missing.");
            Assert.Equal(expected.shape, actual!.Shape.ToArray().Select(d => (long)d).ToArray());
            ParityAssert.AllCloseScaled(ToDoubles(expected), actual.ToDoubleArray(), tolerance, what);
        }
    }

    /// <summary>Standard-normal draws (Box–Muller), so both sides receive exactly the same values.</summary>
    public static double[] Normal(Random rng, int count)
    {
        var result = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            result[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return result;
    }

    /// <summary>Our tensor of <paramref name="values"/>, rounded to float32 when asked.</summary>
    public static Tensor Ours(double[] values, int[] shape, DType dtype)
    {
        // FromArray with no dims means 1-D, so a 0-d tensor comes from Scalar.
        if (shape.Length == 0)
        {
            return dtype == DType.Float64 ? Tensor.Scalar(values[0]) : Tensor.Scalar((float)values[0]);
        }

        return dtype == DType.Float64
            ? Tensor.FromArray((double[])values.Clone(), shape)
            : Tensor.FromArray(values.Select(v => (float)v).ToArray(), shape);
    }

    /// <summary>libtorch's tensor of the same <paramref name="values"/> and rounding.</summary>
    public static torch.Tensor Torch(double[] values, int[] shape, DType dtype)
    {
        var dims = shape.Select(d => (long)d).ToArray();
        return dtype == DType.Float64
            ? TorchTensors.FromArray(values, dims)
            : TorchTensors.FromArray(values.Select(v => (float)v).ToArray(), dims);
    }

    /// <summary>Any float libtorch tensor's elements, row-major, widened to double (exact for float32).</summary>
    public static double[] ToDoubles(torch.Tensor t)
    {
        using var wide = t.detach().to(torch.float64);
        return TorchTensors.ToDoubleArray(wide);
    }

    private static void CompareOutput(string name, int k, Tensor ours, torch.Tensor theirs, double tolerance)
    {
        var what = $"{name} ({ours.DType}): output {k}";
        Assert.True(theirs.shape.SequenceEqual(ours.Shape.ToArray().Select(d => (long)d)),
            $"{what}: shape {ours.Shape} here, [{string.Join(", ", theirs.shape)}] in libtorch.");
        switch (theirs.dtype)
        {
            case torch.ScalarType.Int64:
                Assert.Equal(DType.Int64, ours.DType);
                using (var dense = theirs.contiguous())
                {
                    Assert.Equal(dense.data<long>().ToArray(), ours.ToArray<long>());
                }
                break;
            case torch.ScalarType.Bool:
                Assert.Equal(DType.Bool, ours.DType);
                using (var dense = theirs.contiguous())
                {
                    Assert.Equal(dense.data<bool>().ToArray(), ours.ToArray<bool>());
                }
                break;
            default:
                Assert.Equal(theirs.dtype == torch.ScalarType.Float64 ? DType.Float64 : DType.Float32, ours.DType);
                ParityAssert.AllCloseScaled(ToDoubles(theirs), ours.ToDoubleArray(), tolerance, what);
                break;
        }
    }

    /// <summary>
    /// Back-propagates one random upstream gradient per float output that has a graph, the same on both sides. With one
    /// output ours takes it through <c>Backward(gradient)</c>; with several, through Σ sum(outputᵏ · gradientᵏ), whose
    /// gradient with respect to each output is exactly gradientᵏ.
    /// </summary>
    private static void Backward(Tensor[] ours, torch.Tensor[] theirs, Random rng, DType dtype)
    {
        var ourRoots = new List<Tensor>();
        var ourGrads = new List<Tensor>();
        var torchRoots = new List<torch.Tensor>();
        var torchGrads = new List<torch.Tensor>();
        for (int k = 0; k < ours.Length; k++)
        {
            if (!theirs[k].is_floating_point() || !theirs[k].requires_grad)
            {
                continue;
            }

            Assert.True(ours[k].RequiresGrad, $"output {k}: libtorch records a graph for it, ours does not (its gradient is missing).");
            var shape = ours[k].Shape.ToArray();
            var g = Normal(rng, ours[k].NumElements);
            ourRoots.Add(ours[k]);
            ourGrads.Add(Ours(g, shape, dtype));
            torchRoots.Add(theirs[k]);
            torchGrads.Add(Torch(g, shape, dtype));
        }

        if (ourRoots.Count == 0)
        {
            return;
        }

        torch.autograd.backward(torchRoots, torchGrads);
        if (ourRoots.Count == 1)
        {
            ourRoots[0].Backward(ourGrads[0]);
            return;
        }

        var total = (ourRoots[0] * ourGrads[0]).Sum();
        for (int k = 1; k < ourRoots.Count; k++)
        {
            total += (ourRoots[k] * ourGrads[k]).Sum();
        }
        total.Backward();
    }

    private static string Describe(int[] shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>FNV-1a of the name: string.GetHashCode is randomised per process, and a failure must reproduce.</summary>
    public static int StableSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char ch in name)
        {
            hash = (hash ^ ch) * 16777619;
        }
        return (int)(hash & 0x7FFFFFFF);
    }
}
