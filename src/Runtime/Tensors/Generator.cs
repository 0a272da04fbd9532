namespace AutoDiffGen;

/// <summary>
/// A seedable pseudo-random generator (xoshiro256**), so that runs are reproducible (PyTorch's <c>torch.Generator</c>).
/// An instance is not thread-safe: give each thread its own, or use <see cref="Default"/>, which is per thread.
/// </summary>
public sealed class Generator
{
    /// <summary>Elements of the state <see cref="GetState"/> returns: four state words, a spare-normal flag, its bits.</summary>
    public const int StateLength = 6;

    /// <summary>The seed a thread's default generator starts from: the last one given to <see cref="Tensor.ManualSeed"/>.</summary>
    private static long s_defaultSeed;

    [ThreadStatic]
    private static Generator? t_default;

    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(long seed = 0) => ManualSeed(seed);

    /// <summary>
    /// The generator used when none is passed (by <c>Linear</c>'s initialisation, <c>Dropout</c>, <c>DataLoader</c>'s
    /// shuffle, <see cref="Tensor.Rand(Shape, DType, Generator?)"/> and the other random creation ops): the calling
    /// thread's own.
    /// </summary>
    /// <remarks>
    /// Unlike PyTorch's default CPU generator, which is one process-wide state shared by every thread, each thread has
    /// its own default generator, so threads never race on it and never see each other's draws: two models trained at
    /// once on two threads each reproduce their solo runs exactly. A thread's default generator starts from the seed last
    /// given to <see cref="Tensor.ManualSeed"/> (0 when none was) the first time that thread uses it;
    /// <see cref="Tensor.ManualSeed"/> reseeds the calling thread's default generator (and sets that starting seed).
    /// Thread-pool threads keep their default generator from one work item to the next: seed it at the start of each
    /// item (<see cref="Tensor.ManualSeed"/>), or pass a <see cref="Generator"/> explicitly, to get the same draws on
    /// every run.
    /// </remarks>
    public static Generator Default => t_default ??= new Generator(Volatile.Read(ref s_defaultSeed));

    /// <summary>Seeds the calling thread's default generator, and the default generators of threads yet to use theirs.</summary>
    internal static void SeedDefault(long seed)
    {
        Volatile.Write(ref s_defaultSeed, seed);
        Default.ManualSeed(seed);
    }

    /// <summary>
    /// The generator's whole state as a 1-D int64 tensor of <see cref="StateLength"/> elements (PyTorch's
    /// <c>get_state</c>), for a checkpoint: <see cref="SetState"/> with it makes this or any generator continue with
    /// exactly the draws this one would make next.
    /// </summary>
    public Tensor GetState()
    {
        var spare = _spareNormal is { } v ? BitConverter.DoubleToInt64Bits(v) : 0;
        return Tensor.FromArray(new[] { (long)_s0, (long)_s1, (long)_s2, (long)_s3, _spareNormal.HasValue ? 1L : 0L, spare });
    }

    /// <summary>
    /// Restores a state returned by <see cref="GetState"/> (PyTorch's <c>set_state</c>); throws naming what is wrong
    /// when <paramref name="state"/> is not one.
    /// </summary>
    public Generator SetState(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.DType != DType.Int64 || state.Shape != new Shape(StateLength))
        {
            throw new ArgumentException($"Generator.SetState: expected an int64 tensor of shape [{StateLength}] from GetState, got a {state.DType.ToTorchName()} tensor of shape {state.Shape}.", nameof(state));
        }

        var s = state.ToArray<long>();
        if (s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0)
        {
            // xoshiro's all-zero state is a fixed point: every draw would be 0.
            throw new ArgumentException("Generator.SetState: the state words are all zero, which no generator reaches (the state is damaged).", nameof(state));
        }

        if (s[4] is not (0 or 1) || (s[4] == 0 && s[5] != 0))
        {
            throw new ArgumentException($"Generator.SetState: the spare-normal flag is {s[4]} with bits {s[5]}; expected 0 with 0, or 1 with a cached value (the state is damaged).", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = ((ulong)s[0], (ulong)s[1], (ulong)s[2], (ulong)s[3]);
        _spareNormal = s[4] == 1 ? BitConverter.Int64BitsToDouble(s[5]) : null;
        return this;
    }

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public Generator ManualSeed(long seed)
    {
        // SplitMix64 spreads a small seed over the whole state, as the xoshiro authors recommend.
        var x = (ulong)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareNormal = null;
        return this;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) as float, with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Standard normal, by the Box–Muller transform (pairs are cached).</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);

        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [<paramref name="low"/>, <paramref name="high"/>), without modulo bias.</summary>
    public long NextInt64(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentException($"NextInt64: high ({high}) must be greater than low ({low}).");
        }

        var range = (ulong)(high - low);
        var limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);

        return low + (long)(r % range);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates), as <c>torch.randperm</c>.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)NextInt64(0, i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
