using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>nn.functional activations and layers (linear, layer_norm) against torch.nn.functional.</summary>
public class FunctionalParityTests
{
    internal static readonly OpCase[] Cases =
    [
        One("relu", [[4, 5]], x => Functional.Relu(x[0]), x => F.relu(x[0])),
        One("leaky_relu default slope", [[4, 5]], x => Functional.LeakyRelu(x[0]), x => F.leaky_relu(x[0])),
        One("leaky_relu 0.3", [[4, 5]], x => Functional.LeakyRelu(x[0], 0.3), x => F.leaky_relu(x[0], 0.3)),
        One("sigmoid (wide inputs)", [[4, 5]], x => Functional.Sigmoid(x[0] * 8.0), x => F.sigmoid(x[0] * 8.0)),
        One("tanh", [[4, 5]], x => Functional.Tanh(x[0]), x => F.tanh(x[0])),
        One("logsigmoid (wide inputs)", [[4, 5]], x => Functional.LogSigmoid(x[0] * 8.0), x => F.logsigmoid(x[0] * 8.0)),
        One("silu", [[4, 5]], x => Functional.Silu(x[0]), x => F.silu(x[0])),
        One("gelu exact", [[4, 5]], x => Functional.Gelu(x[0] * 2.0), x => F.gelu(x[0] * 2.0)),
        One("gelu tanh", [[4, 5]], x => Functional.Gelu(x[0] * 2.0, GeluApproximation.Tanh),
            x => F.gelu(x[0] * 2.0, TorchSharp.Modules.GELU.Approximate.tanh)),
        One("softplus", [[4, 5]], x => Functional.Softplus(x[0] * 3.0), x => F.softplus(x[0] * 3.0)),
        One("softplus beta 2 threshold 3 (both branches)", [[4, 5]],
            x => Functional.Softplus(x[0] * 3.0, beta: 2, threshold: 3), x => F.softplus(x[0] * 3.0, beta: 2, threshold: 3)),
        One("softmax dim 1", [[3, 5]], x => Functional.Softmax(x[0], 1), x => F.softmax(x[0], 1)),
        One("softmax dim 0 of 3-D", [[3, 4, 2]], x => Functional.Softmax(x[0], 0), x => F.softmax(x[0], 0)),
        One("softmax of large logits (e^x overflows unshifted)", [[3, 5]], x => Functional.Softmax(x[0] * 4.0 + 1000.0, -1), x => F.softmax(x[0] * 4.0 + 1000.0, -1)),
        One("log_softmax dim 1", [[3, 5]], x => Functional.LogSoftmax(x[0], 1), x => F.log_softmax(x[0], 1)),
        One("log_softmax dim -1 of large logits", [[2, 3, 5]], x => Functional.LogSoftmax(x[0] * 4.0 + 1000.0, -1), x => F.log_softmax(x[0] * 4.0 + 1000.0, -1)),
        One("linear with bias", [[6, 4], [3, 4], [3]], x => Functional.Linear(x[0], x[1], x[2]), x => F.linear(x[0], x[1], x[2])),
        One("linear no bias, batched input", [[2, 5, 4], [3, 4]], x => Functional.Linear(x[0], x[1]), x => F.linear(x[0], x[1])),
        One("layer_norm last dim", [[4, 6]], x => Functional.LayerNorm(x[0], [6]), x => F.layer_norm(x[0], [6])),
        One("layer_norm last two dims with affine", [[2, 3, 4], [3, 4], [3, 4]],
            x => Functional.LayerNorm(x[0], [3, 4], x[1], x[2]), x => F.layer_norm(x[0], [3, 4], x[1], x[2])),
        One("layer_norm eps 0.1 weight only", [[5, 3], [3]],
            x => Functional.LayerNorm(x[0], [3], x[1], eps: 0.1), x => F.layer_norm(x[0], [3], x[1], eps: 0.1)),
        One("dropout p=0.4 in eval mode is the identity", [[4, 5]],
            x => Functional.Dropout(x[0], 0.4, training: false), x => F.dropout(x[0], 0.4, training: false)),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
