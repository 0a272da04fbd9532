namespace AutoDiffGen.Kernels;

/// <summary>
/// Cache-block sizes for the Goto/BLIS loop nest, derived from this CPU class's caches (AMD Zen 5: 48 KB L1d,
/// 1 MB L2 per core, large shared L3).
/// </summary>
/// <param name="KC">Depth of a packed slice: one B micro-panel (KC x NR) stays in L1 while A panels stream past.</param>
/// <param name="MC">Rows of a packed A block (MC x KC), sized to live in L2.</param>
/// <param name="NC">Columns of a packed B block (KC x NC), sized for L3.</param>
internal readonly record struct GemmBlocking(int KC, int MC, int NC)
{
    /// <summary>Blocking for a kernel with the given tile and element size.</summary>
    public static GemmBlocking For(int mr, int nr, int elementSize)
    {
        // B micro-panel KC*NR*size = 32 KB of the 48 KB L1, leaving room for the A panel and C lines streaming past.
        int kc = Math.Max(64, 32 * 1024 / (nr * elementSize)) & ~7;

        // A block MC*KC*size ~ half of a 1 MB L2; a multiple of MR so only the last block has a ragged edge.
        int mc = Math.Max(mr, 512 * 1024 / (kc * elementSize) / mr * mr);

        // B block KC*NC*size ~ 4 MB of L3; a multiple of NR.
        int nc = Math.Max(nr, 4 * 1024 * 1024 / (kc * elementSize) / nr * nr);
        return new GemmBlocking(kc, mc, nc);
    }
}
