using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Bench.Elementwise;

/// <summary>
/// Adds a GB/s column to the bandwidth benchmarks: the bytes an operation must move (its
/// <see cref="BytesPerElementAttribute"/> times the <c>Size</c> parameter) over the median time.
/// </summary>
public sealed class BandwidthColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(BandwidthColumn);

    /// <inheritdoc/>
    public string ColumnName => "GB/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Memory throughput: bytes read + written (Size x bytes per element) divided by the median time";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerElementAttribute>()?.Bytes;
        if (bytes is null || benchmarkCase.Parameters["Size"] is not int size || summary[benchmarkCase]?.ResultStatistics is not { } stats)
        {
            return "NA";
        }

        // Median is in nanoseconds, so bytes per nanosecond is GB/s.
        return ((double)bytes.Value * size / stats.Median).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The default config plus this column.</summary>
    public sealed class Config : ManualConfig
    {
        /// <summary>Adds the column.</summary>
        public Config() => AddColumn(new BandwidthColumn());
    }
}
