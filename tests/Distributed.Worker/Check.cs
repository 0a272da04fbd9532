namespace AutoDiffGen.Distributed.Worker;

/// <summary>Assertions that throw with the rank, so a failure names where it happened.</summary>
internal static class Check
{
    internal static void Equal(double[] expected, double[] actual, double tolerance, string what, int rank)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"rank {rank}: {what}: expected {expected.Length} values, got {actual.Length}.");
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                throw new InvalidOperationException($"rank {rank}: {what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (tolerance {tolerance}).");
            }
        }
    }

    internal static void True(bool condition, string what, int rank)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"rank {rank}: {what}");
        }
    }

    internal static T Throws<T>(Action action, string what, int rank)
        where T : Exception
    {
        try
        {
            action();
        }
        catch (T e)
        {
            return e;
        }

        throw new InvalidOperationException($"rank {rank}: {what}: expected {typeof(T).Name}, nothing was thrown.");
    }
}
