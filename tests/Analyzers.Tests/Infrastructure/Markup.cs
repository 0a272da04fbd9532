using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Analyzers.Tests.Infrastructure;

/// <summary>Test sources mark expected diagnostic spans with <c>[|...|]</c>; this strips the marks and returns the spans.</summary>
internal static class Markup
{
    public static (string Source, List<TextSpan> Spans) Parse(string markup)
    {
        var spans = new List<TextSpan>();
        var text = new System.Text.StringBuilder();
        var open = new Stack<int>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (i + 1 < markup.Length && markup[i] == '[' && markup[i + 1] == '|')
            {
                open.Push(text.Length);
                i++;
            }
            else if (i + 1 < markup.Length && markup[i] == '|' && markup[i + 1] == ']')
            {
                var start = open.Pop();
                spans.Add(TextSpan.FromBounds(start, text.Length));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return (text.ToString(), spans);
    }
}
