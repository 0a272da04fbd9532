using AutoDiffGen.Nn;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Convolution;

/// <summary>
/// Conv2d forward + backward (input, weight and bias gradients) at LeNet's two layers (batch 128) and at a ResNet-style
/// 3×3 64→64 32×32 layer (batch 32), then MaxPool2d and BatchNorm2d forward + backward, ours against libtorch on the
/// same shapes and values (2 threads each). Each library's state lives in its own class (<see cref="OurConvState"/>,
/// <see cref="TorchConvState"/>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ConvolutionBenchmarks
{
    private OurConvState _ours = null!;
    private TorchConvState _torch = null!;

    /// <summary>lenet1: 1→6 5×5 pad 2 on 28×28; lenet2: 6→16 5×5 on 14×14; resnet: 64→64 3×3 pad 1 on 32×32 (batch 32); maxpool: 2×2 over [128, 6, 28, 28]; batchnorm: [128, 16, 10, 10].</summary>
    [Params("lenet1", "lenet2", "resnet", "maxpool", "batchnorm")]
    public string Layer { get; set; } = "lenet1";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        _ours = new OurConvState(Layer);
        _torch = new TorchConvState(Layer, _ours);
    }

    [Benchmark(Baseline = true, Description = "libtorch: forward + backward")]
    public void Torch() => _torch.Step();

    [Benchmark(Description = "AutoDiffGen: forward + backward")]
    public void Ours() => _ours.Step();
}

/// <summary>Our side: input, parameters and the upstream gradient for one layer.</summary>
internal sealed class OurConvState
{
    public OurConvState(string layer)
    {
        Layer = layer;
        var g = new Generator(3);
        (int[] input, int[]? weight, int padding) = layer switch
        {
            "lenet1" => (new[] { 128, 1, 28, 28 }, new[] { 6, 1, 5, 5 }, 2),
            "lenet2" => ([128, 6, 14, 14], [16, 6, 5, 5], 0),
            "resnet" => ([32, 64, 32, 32], [64, 64, 3, 3], 1),
            "maxpool" => ([128, 6, 28, 28], null, 0),
            _ => ([128, 16, 10, 10], null, 0),
        };
        Padding = padding;
        X = AdgTensor.Randn(new Shape(input), DType.Float32, g).RequiresGrad_();
        W = weight is null ? null : (AdgTensor.Randn(new Shape(weight), DType.Float32, g) * 0.1).Detach().RequiresGrad_();
        B = weight is null ? null : AdgTensor.Randn(new Shape(weight[0]), DType.Float32, g).RequiresGrad_();
        Norm = layer == "batchnorm" ? new BatchNorm2d(16) : null;
        Upstream = AdgTensor.Randn(Forward().Shape, DType.Float32, g);
    }

    public string Layer { get; }

    public int Padding { get; }

    public AdgTensor X { get; }

    public AdgTensor? W { get; }

    public AdgTensor? B { get; }

    public BatchNorm2d? Norm { get; }

    public AdgTensor Upstream { get; }

    public AdgTensor Forward() => Layer switch
    {
        "maxpool" => Functional.MaxPool2d(X, 2),
        "batchnorm" => Norm!.Call(X),
        _ => Functional.Conv2d(X, W!, B, padding: Padding),
    };

    public void Step()
    {
        using var scope = TensorScope.Begin();
        X.Grad = null;
        if (W is not null)
        {
            W.Grad = null;
            B!.Grad = null;
        }

        Forward().Backward(Upstream);
    }
}

/// <summary>libtorch's side, over copies of our values.</summary>
internal sealed class TorchConvState
{
    private readonly string _layer;
    private readonly int _padding;
    private readonly torch.Tensor _x;
    private readonly torch.Tensor? _w;
    private readonly torch.Tensor? _b;
    private readonly torch.Tensor _upstream;
    private readonly TorchSharp.Modules.BatchNorm2d? _norm;

    public TorchConvState(string layer, OurConvState ours)
    {
        _layer = layer;
        _padding = ours.Padding;
        static torch.Tensor Copy(AdgTensor t) => torch.tensor(t.ToArray<float>()).reshape(t.Shape.ToArray().Select(d => (long)d).ToArray());
        _x = Copy(ours.X).requires_grad_(true);
        _w = ours.W is null ? null : Copy(ours.W).requires_grad_(true);
        _b = ours.B is null ? null : Copy(ours.B).requires_grad_(true);
        _upstream = Copy(ours.Upstream);
        _norm = layer == "batchnorm" ? torch.nn.BatchNorm2d(16) : null;
    }

    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        _x.grad = null;
        if (_w is not null)
        {
            _w.grad = null;
            _b!.grad = null;
        }

        var y = _layer switch
        {
            "maxpool" => torch.nn.functional.max_pool2d(_x, 2),
            "batchnorm" => _norm!.call(_x),
            _ => torch.nn.functional.conv2d(_x, _w!, _b, padding: [_padding, _padding]),
        };
        y.backward([_upstream]);
    }
}
