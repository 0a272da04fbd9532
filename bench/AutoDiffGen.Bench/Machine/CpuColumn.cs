using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Bench.Machine;

/// <summary>A column naming the CPU's family and model beside every BenchmarkDotNet result (e.g. <c>AMD 25/17</c>).</summary>
public sealed class CpuColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(CpuColumn);

    /// <inheritdoc/>
    public string ColumnName => "CPU family/model";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 1;

    /// <inheritdoc/>
    public bool IsNumeric => false;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "The CPU vendor, family and model from /proc/cpuinfo (AMD family 25 is Zen 4, 26 is Zen 5)";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var cpu = CpuInfo.This;
        var vendor = cpu.Vendor switch { "AuthenticAMD" => "AMD", "GenuineIntel" => "Intel", var v => v };
        return $"{vendor} {cpu.Family}/{cpu.Model}";
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
