namespace AutoDiffGen.Kernels;

/// <summary>The threads working on one GEMM call together, and the barrier they meet at after packing each B block.</summary>
internal sealed class GemmTeam
{
    /// <summary>A team of <paramref name="parts"/> threads.</summary>
    public GemmTeam(int parts)
    {
        Parts = parts;
        Barrier = new SpinBarrier(parts);
    }

    /// <summary>Number of threads in the team.</summary>
    public int Parts { get; }

    /// <summary>Where the team waits until the shared B block is fully packed.</summary>
    public SpinBarrier Barrier { get; }

    /// <summary>
    /// A sense-reversing barrier: the last arrival flips the shared sense, the others spin (then yield) until they see
    /// it. Reused across the k slices of a call, and a wait costs well under a microsecond when the team is on its cores.
    /// </summary>
    internal sealed class SpinBarrier(int parts)
    {
        private readonly int parts = parts;
        private int remaining = parts;
        private volatile bool sense;

        /// <summary>Returns the barrier to its initial state; only while no member is inside it.</summary>
        public void Reset()
        {
            remaining = parts;
            sense = false;
        }

        /// <summary>
        /// Waits for all members. <paramref name="localSense"/> is the caller's own copy of the sense, starting false
        /// after a <see cref="Reset"/>.
        /// </summary>
        public void SignalAndWait(ref bool localSense)
        {
            localSense = !localSense;
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                remaining = parts;
                sense = localSense;
                return;
            }

            var spin = default(SpinWait);
            while (sense != localSense)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
