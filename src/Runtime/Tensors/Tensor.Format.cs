using System.Globalization;
using System.Text;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    // PyTorch's default print options (torch.set_printoptions): 4 digits, summarise past 1000 elements keeping 3 at each
    // edge of every dimension, 80-character lines.
    private const int PrintPrecision = 4;
    private const int PrintThreshold = 1000;
    private const int PrintEdgeItems = 3;
    private const int PrintLineWidth = 80;

    /// <summary>
    /// Formats the tensor as PyTorch prints it, e.g. <c>tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)</c>:
    /// floats with a common width (integers as <c>1.</c>, otherwise 4 decimals, scientific when the magnitudes call for
    /// it), ints without a dot, bools as <c>True</c>/<c>False</c>, tensors over 1000 elements summarised with <c>...</c>,
    /// then <c>dtype=</c> for non-default dtypes and <c>grad_fn=</c> or <c>requires_grad=True</c>.
    /// </summary>
    public override string ToString()
    {
        const string prefix = "tensor(";
        var indent = prefix.Length;
        var suffixes = new List<string>();
        string body;
        if (NumElements == 0)
        {
            // NOTE: as NumPy, an empty tensor shows its size unless it is 1-D, and always its dtype unless float32.
            if (Rank != 1)
            {
                suffixes.Add("size=(" + string.Join(", ", Shape.Raw) + ")");
            }

            if (DType != DType.Float32)
            {
                suffixes.Add("dtype=" + DType.ToTorchName());
            }

            body = "[]";
        }
        else
        {
            // float32 is the default dtype; int64 and bool are recognisable from how their values print.
            if (DType == DType.Float64)
            {
                suffixes.Add("dtype=" + DType.ToTorchName());
            }

            var summarize = NumElements > PrintThreshold;
            var formatter = new ElementFormatter(this, CollectPrinted(summarize));
            body = FormatDimension(0, Offset, indent, summarize, formatter);
        }

        if (GradFn is not null)
        {
            suffixes.Add("grad_fn=" + GradFn);
        }
        else if (RequiresGrad)
        {
            suffixes.Add("requires_grad=True");
        }

        return AppendSuffixes(prefix + body, suffixes, indent);
    }

    /// <summary>The text of the sub-tensor starting at storage index <paramref name="offset"/> whose first dimension is <paramref name="dim"/>.</summary>
    private string FormatDimension(int dim, int offset, int indent, bool summarize, ElementFormatter formatter)
    {
        if (Rank == 0)
        {
            return formatter.Format(offset);
        }

        var size = Shape.Raw[dim];
        var cut = summarize && size > 2 * PrintEdgeItems;
        var parts = new List<string>();
        if (dim == Rank - 1)
        {
            for (var i = 0; i < size; i++)
            {
                if (cut && i == PrintEdgeItems)
                {
                    parts.Add(" ...");
                    i = size - PrintEdgeItems - 1;
                    continue;
                }

                parts.Add(formatter.Format(offset + i * Strides[dim]));
            }

            // Wrap rows to the line width, as many elements per line as fit (at least one).
            var perLine = Math.Max(1, (PrintLineWidth - indent) / (formatter.Width + 2));
            var lines = parts.Chunk(perLine).Select(line => string.Join(", ", line));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }

        for (var i = 0; i < size; i++)
        {
            if (cut && i == PrintEdgeItems)
            {
                parts.Add("...");
                i = size - PrintEdgeItems - 1;
                continue;
            }

            parts.Add(FormatDimension(dim + 1, offset + i * Strides[dim], indent + 1, summarize, formatter));
        }

        var separator = "," + new string('\n', Rank - dim - 1) + new string(' ', indent + 1);
        return "[" + string.Join(separator, parts) + "]";
    }

    /// <summary>Storage indices of the elements that will be printed (all of them, or only the edges when summarising).</summary>
    private List<int> CollectPrinted(bool summarize)
    {
        var printed = new List<int>();
        Collect(0, Offset);
        return printed;

        void Collect(int dim, int offset)
        {
            if (dim == Rank)
            {
                printed.Add(offset);
                return;
            }

            var size = Shape.Raw[dim];
            for (var i = 0; i < size; i++)
            {
                if (summarize && size > 2 * PrintEdgeItems && i == PrintEdgeItems)
                {
                    i = size - PrintEdgeItems;
                }

                Collect(dim + 1, offset + i * Strides[dim]);
            }
        }
    }

    private static string AppendSuffixes(string text, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(text);
        var lastLineLength = text.Length - text.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > PrintLineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLength = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Chooses one notation and width for all printed elements of a tensor, as PyTorch's <c>_Formatter</c>.</summary>
    private sealed class ElementFormatter
    {
        private readonly Tensor _tensor;
        private readonly bool _intMode = true;
        private readonly bool _sciMode;

        public ElementFormatter(Tensor tensor, List<int> printed)
        {
            _tensor = tensor;
            Width = 1;
            if (!tensor.DType.IsFloatingPoint())
            {
                foreach (var index in printed)
                {
                    Width = Math.Max(Width, Raw(index).Length);
                }

                return;
            }

            var values = printed.Select(tensor.GetAsDouble).Where(v => double.IsFinite(v) && v != 0).ToList();
            if (values.Count == 0)
            {
                return;
            }

            var min = values.Min(Math.Abs);
            var max = values.Max(Math.Abs);
            _intMode = values.All(v => v == Math.Ceiling(v));

            // Scientific notation when magnitudes span more than 10³, exceed 10⁸, or (non-integers) fall below 10⁻⁴.
            _sciMode = max / min > 1000.0 || max > 1.0e8 || (!_intMode && min < 1.0e-4);
            foreach (var v in values)
            {
                Width = Math.Max(Width, _sciMode ? Scientific(v).Length : _intMode ? Fixed(v, 0).Length + 1 : Fixed(v, PrintPrecision).Length);
            }
        }

        /// <summary>The width every element is padded to.</summary>
        public int Width { get; }

        /// <summary>The element at <paramref name="storageIndex"/>, right-aligned to <see cref="Width"/>.</summary>
        public string Format(int storageIndex)
        {
            string text;
            if (!_tensor.DType.IsFloatingPoint())
            {
                text = Raw(storageIndex);
            }
            else
            {
                var v = _tensor.GetAsDouble(storageIndex);
                text = !double.IsFinite(v) ? NonFinite(v)
                    : _sciMode ? Scientific(v)
                    : _intMode ? Fixed(v, 0) + "."
                    : Fixed(v, PrintPrecision);
            }

            return text.PadLeft(Width);
        }

        private string Raw(int storageIndex) => _tensor.DType == DType.Bool
            ? (_tensor.StorageAs<bool>()[storageIndex] ? "True" : "False")
            : _tensor.StorageAs<long>()[storageIndex].ToString(CultureInfo.InvariantCulture);

        private static string Fixed(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);

        private static string Scientific(double v) => v.ToString("0.0000e+00", CultureInfo.InvariantCulture);

        private static string NonFinite(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
