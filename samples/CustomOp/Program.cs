// Trains a small model that uses a custom op written forward-only (Activations.Mish) to fit sin(x) on [-3, 3].
// The op appears on the tape as ONE node ("Mish") whose backward is the generated MishBackward.
using AutoDiffGen;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using CustomOp;

var generator = new Generator(seed: 7);
var x = Tensor.Linspace(-3, 3, 64).Reshape(64, 1);
var y = Tensor.Sin(x);
var model = new MishMlp(hidden: 32, generator);
var optimizer = new Adam(model.Parameters(), lr: 0.01);

var probe = Activations.MishNode(Tensor.Randn(4).RequiresGrad_());
Console.WriteLine($"Mish on the tape: {probe.GradFn} (one node for exp, log, tanh and mul)");

for (var epoch = 0; epoch <= 500; epoch++)
{
    optimizer.ZeroGrad();
    var loss = Functional.MseLoss(model.Call(x), y);
    loss.Backward();
    optimizer.Step();
    if (epoch % 50 == 0)
    {
        Console.WriteLine($"epoch {epoch,3}: mse = {loss.Item<float>():F6}");
    }
}
