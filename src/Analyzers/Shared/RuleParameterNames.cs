namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// How a rule names its function's parameters. A function that is itself a rule (<c>TanhBackward(grad, result)</c>)
/// has parameters named like the rule's own <c>grad</c> and <c>result</c>; its rules call them <c>gradOutput</c> and
/// <c>output</c> (PyTorch's <c>grad_output</c> and <c>output</c>), as the generator does for second-order code.
/// </summary>
internal static class RuleParameterNames
{
    public static string For(string functionParameterName) => functionParameterName switch
    {
        "grad" => "gradOutput",
        "result" => "output",
        _ => functionParameterName,
    };
}
