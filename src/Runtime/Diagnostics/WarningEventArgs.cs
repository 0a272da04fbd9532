namespace AutoDiffGen;

/// <summary>One warning issued through <see cref="Warnings"/>.</summary>
public sealed class WarningEventArgs : EventArgs
{
    internal WarningEventArgs(string category, string message, string site)
    {
        Category = category;
        Message = message;
        Site = site;
    }

    /// <summary>What kind of warning: the op or property that issued it, e.g. <c>MseLoss</c> or <c>Tensor.Grad</c>.</summary>
    public string Category { get; }

    /// <summary>The warning's text: what is wrong and what to do about it.</summary>
    public string Message { get; }

    /// <summary>The user code that led to it (type, method and IL offset), the key of the once-per-site rule.</summary>
    public string Site { get; }
}
