using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Training;

/// <summary>Seeded random MNIST-shaped batches (pixels in [0, 1), labels 0..9), built identically for both sides.</summary>
internal static class Batches
{
    public static (double[] X, long[] Y)[] Make(int count, int batchSize, int seed)
    {
        var rng = new Random(seed);
        var result = new (double[], long[])[count];
        for (int b = 0; b < count; b++)
        {
            var x = new double[batchSize * Mlp.Sizes[0]];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.NextDouble();
            }

            var y = new long[batchSize];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = rng.Next(Mlp.Sizes[^1]);
            }
            result[b] = (x, y);
        }
        return result;
    }

    public static (Tensor X, Tensor Y) Ours((double[] X, long[] Y) batch, DType dtype)
        => (OpParity.Ours(batch.X, [batch.Y.Length, Mlp.Sizes[0]], dtype), Tensor.FromArray(batch.Y, batch.Y.Length));

    public static (torch.Tensor X, torch.Tensor Y) Torch((double[] X, long[] Y) batch, DType dtype)
        => (OpParity.Torch(batch.X, [batch.Y.Length, Mlp.Sizes[0]], dtype), torch.tensor(batch.Y, torch.int64));
}
