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

    public MethodInfo Method(string name) =>
        _functions.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"{name} was not generated");

    public bool HasMethod(string name) =>
        _functions.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is not null;

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
