using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>Search for the first NaN or infinity, for anomaly detection.</summary>
internal static class NonFinite
{
    /// <summary>Index of the first element of <paramref name="values"/> that is NaN or ±∞, or -1 when all are finite.</summary>
    public static int IndexOf<T>(ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
