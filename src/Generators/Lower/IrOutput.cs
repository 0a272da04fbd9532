namespace AutoDiffGen.Generators.Lower;

/// <summary>One returned value of an <see cref="IrFunction"/>: the tuple element name and the value id.</summary>
internal sealed record IrOutput(string Name, int Value);
