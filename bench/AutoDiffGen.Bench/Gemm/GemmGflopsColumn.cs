using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Bench.Gemm;

/// <summary>Adds a GFLOP/s column (2*M*N*K over the median time) to the GEMM benchmarks.</summary>
public sealed class GemmGflopsColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(GemmGflopsColumn);

    /// <inheritdoc/>
    public string ColumnName => "GFLOP/s";

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
    public string Legend => "Throughput: 2*M*N*K floating-point operations divided by the median time";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Parameters["Shape"] is not GemmShape shape || summary[benchmarkCase]?.ResultStatistics is not { } stats)
        {
            return "NA";
        }

        // Median is in nanoseconds, so flops per nanosecond is GFLOP/s.
        return (shape.Flops / stats.Median).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
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
        public Config() => AddColumn(new GemmGflopsColumn());
    }
}
