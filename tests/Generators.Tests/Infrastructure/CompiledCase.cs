using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests.Infrastructure;

/// <summary>A case's source plus its generated code, compiled, loaded and callable by reflection.</summary>
internal sealed class CompiledCase
{
    private readonly Type _functions;

    private CompiledCase(Type functions, Type tensor, AssemblyLoadContext context)
    {
        _functions = functions;
        Tensor = tensor;
        Context = context;
    }

    public Type Tensor { get; }

    /// <summary>True when <paramref name="method"/>'s node runs a generated fused kernel (a nested <c>{Method}Elementwise</c>).</summary>
    public bool IsFused(string method) =>
        _functions.GetNestedType(method + "Elementwise", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public) is not null;

    /// <summary>
    /// The case's load context. NOTE: a collectible context nobody references is finalized and starts unloading; a
    /// dependency loaded lazily afterwards (on a method's first call) then fails, so the case holds it.
    /// </summary>
    public AssemblyLoadContext Context { get; }

    /// <summary>Compiles <paramref name="compilation"/> (which must be error- and warning-free) and loads it.</summary>
    public static CompiledCase Load(Compilation compilation, params (string Name, byte[] Image)[] dependencies)
    {
        var problems = GeneratorHarness.Problems(compilation);
        Assert.True(problems.Length == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems));
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var context = new CaseLoadContext();
        foreach (var (name, bytes) in dependencies)
        {
            context.Add(name, bytes);
        }

        var assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
        var functions = assembly.GetType(GeneratorCase.TypeName, throwOnError: true)!;
        var tensor = context.LoadFromAssemblyName(new AssemblyName("AutoDiffGen")).GetType("AutoDiffGen.Tensor", throwOnError: true)!;
        return new CompiledCase(functions, tensor, context);
    }

    /// <summary>The method named <paramref name="name"/>; beside a scalar function's generated tensor overload, the scalar one.</summary>
    public MethodInfo Method(string name) =>
        Overloads(name).OrderBy(m => m.GetParameters().Count(p => p.ParameterType == Tensor)).FirstOrDefault()
        ?? throw new InvalidOperationException($"{name} was not generated");

    /// <summary>The overload of <paramref name="name"/> whose parameter types are <paramref name="types"/>.</summary>
    public MethodInfo Method(string name, Type[] types) =>
        Overloads(name).SingleOrDefault(m => m.GetParameters().Select(p => p.ParameterType).SequenceEqual(types))
        ?? throw new InvalidOperationException($"{name}({string.Join(", ", types.Select(t => t.Name))}) was not generated");

    public bool HasMethod(string name) => Overloads(name).Any();

    private IEnumerable<MethodInfo> Overloads(string name) =>
        _functions.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Where(m => m.Name == name);

    public object? Invoke(string name, params object?[] args) => Method(name).Invoke(null, args);

    /// <summary>A one-element result, or every element of a value tuple.</summary>
    public static object?[] Elements(object? value) => value is ITuple tuple
        ? Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray()
        : [value];

    public object NewTensor(double[] data, int[] shape) => shape.Length == 0
        ? Tensor.GetMethod("Scalar", [typeof(double)])!.Invoke(null, [data.Single()])!
        : Tensor.GetMethod("FromArray", [typeof(double[]), typeof(int[])])!.Invoke(null, [data, shape])!;

    public double[] Data(object tensor) =>
        (double[])Tensor.GetMethods().Single(m => m.Name == "ToArray" && m.IsGenericMethodDefinition && m.GetParameters().Length == 0)
            .MakeGenericMethod(typeof(double)).Invoke(tensor, null)!;

    public int[] Shape(object tensor)
    {
        var shape = Tensor.GetProperty("Shape")!.GetValue(tensor)!;
        return (int[])shape.GetType().GetMethod("ToArray", Type.EmptyTypes)!.Invoke(shape, null)!;
    }

    /// <summary>Loads each compiled case in isolation; the runtime resolves to the one the tests already loaded.</summary>
    private sealed class CaseLoadContext() : AssemblyLoadContext(isCollectible: true)
    {
        private readonly Dictionary<string, byte[]> _images = new();

        public void Add(string name, byte[] image) => _images[name] = image;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && _images.TryGetValue(name, out var image) ? LoadFromStream(new MemoryStream(image)) : null;
    }
}
