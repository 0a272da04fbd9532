using System;
using System.Globalization;

namespace AutoDiffGen.Generators.Model;

/// <summary>C# source text for constants, shared by Parse (source constants) and Differentiate (rule constants).</summary>
internal static class Literals
{
    /// <summary>Formats <paramref name="value"/> as a literal of the scalar <paramref name="kind"/>.</summary>
    public static string Format(double value, ValueKind kind) => kind == ValueKind.Single
        ? FormatSingle((float)value)
        : FormatDouble(value);

    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E' }) >= 0 ? text : text + ".0";
    }

    public static string FormatSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>Parses back a literal this class wrote, for constant folding; false for anything else.</summary>
    public static bool TryParse(string text, out double value)
    {
        var trimmed = text.EndsWith("f", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
