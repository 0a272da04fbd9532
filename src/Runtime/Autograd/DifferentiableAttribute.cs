namespace AutoDiffGen;

/// <summary>
/// Marks a forward-only method whose backward the AutoDiffGen source generator writes at compile time.
/// The containing type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
