using System.Globalization;

namespace AutoDiffGen.Bench.Machine;

/// <summary>
/// The CPU a figure was measured on, read from <c>/proc/cpuinfo</c>: vendor, family, model and model name. Family and
/// model matter more than the name: an AMD EPYC of family 25 (Zen 4) runs AVX-512 on half-width units, family 26
/// (Zen 5) on full-width ones, which doubles the FMA peak an AVX-512 kernel can reach.
/// </summary>
/// <param name="Vendor">The vendor id, e.g. <c>AuthenticAMD</c>.</param>
/// <param name="Family">The CPU family (decimal, as /proc/cpuinfo prints it).</param>
/// <param name="Model">The CPU model (decimal).</param>
/// <param name="ModelName">The marketing name.</param>
/// <param name="LogicalCores">Logical processors this process may run on.</param>
public sealed record CpuInfo(string Vendor, string Family, string Model, string ModelName, int LogicalCores)
{
    private static readonly Lazy<CpuInfo> Current = new(Read);

    /// <summary>This machine's CPU (read once).</summary>
    public static CpuInfo This => Current.Value;

    /// <summary>One line for beside a result, e.g. <c>AuthenticAMD family 25 model 17 (AMD EPYC 9R14), 2 cores</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Vendor} family {Family} model {Model} ({ModelName}), {LogicalCores} logical cores");

    /// <summary>The 1-, 5- and 15-minute load averages (from <c>/proc/loadavg</c>), or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static CpuInfo Read()
    {
        string vendor = "unknown", family = "?", model = "?", name = "unknown";
        try
        {
            // The first processor's block describes them all on the machines this bench runs on.
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "vendor_id": vendor = value; break;
                    case "cpu family": family = value; break;
                    case "model": model = value; break;
                    case "model name": name = value; break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            name = $"/proc/cpuinfo unreadable: {e.Message}";
        }

        return new CpuInfo(vendor, family, model, name, Environment.ProcessorCount);
    }
}
