using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Calls: resolves each callee to how it is differentiated, in this order: a built-in <c>Math</c> rule,
/// <c>WithoutDerivative</c>, <c>[DerivativeOf]</c> rules beside the callee (from source or metadata; a user's own
/// rule wins over generating one), another <c>[Differentiable]</c> method's generated backward, or nothing.
/// </summary>
internal sealed partial class Parser
{
    private ExpressionSpec? ParseInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = TypeOf(method.ReturnType);
        if (type is null || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return null;
        }

        var args = new List<ExpressionSpec>();
        if (invocation.Instance is { } instance)
        {
            var receiver = ParseExpression(instance);
            if (receiver is null)
            {
                return null;
            }

            args.Add(receiver);
        }

        var parsedArgs = ParseArguments(method, invocation.Arguments);
        if (parsedArgs is null)
        {
            return null;
        }

        args.AddRange(parsedArgs);
        var isInstance = invocation.Instance is not null;
        var typeArgs = method.TypeArguments.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ">";
        var target = isInstance
            ? method.Name + typeArgs
            : method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name + typeArgs;

        var parameterNames = new List<string>();
        if (isInstance)
        {
            parameterNames.Add("this");
        }

        parameterNames.AddRange(method.Parameters.Select(p => CalleeParameterName(p.Name)));
        var call = ResolveCall(method, isInstance, target, parameterNames, isProperty: false);
        return new ExpressionSpec(ExpressionKind.Call, type, method.Name, args.ToEquatableArray(), call);
    }

    private ExpressionSpec? ParsePropertyRead(IPropertyReferenceOperation property)
    {
        var type = TypeOf(property.Type);
        if (type is null || property.Property.GetMethod is not { } getter)
        {
            return null;
        }

        var args = new List<ExpressionSpec>();
        var isInstance = property.Instance is not null;
        if (property.Instance is { } instance)
        {
            var receiver = ParseExpression(instance);
            if (receiver is null)
            {
                return null;
            }

            args.Add(receiver);
        }

        var name = property.Property.Name;
        var target = isInstance
            ? name
            : property.Property.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + name;
        var parameterNames = isInstance ? new List<string> { "this" } : new List<string>();
        var rules = FindRules(property.Property.ContainingType, name, getter, isInstance);
        var call = new CallSpec(
            rules.Count > 0 ? CallKind.Rule : CallKind.Plain,
            name,
            target,
            isInstance,
            IsProperty: true,
            parameterNames.ToEquatableArray(),
            rules.ToEquatableArray(),
            IsPure: true);
        return new ExpressionSpec(ExpressionKind.Call, type, name, args.ToEquatableArray(), call);
    }

    /// <summary>Every argument in parameter order, with defaults and params arrays made explicit.</summary>
    private List<ExpressionSpec>? ParseArguments(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        if (arguments.Length != method.Parameters.Length)
        {
            return null;
        }

        var result = new ExpressionSpec?[method.Parameters.Length];
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { RefKind: RefKind.None } parameter || parameter.Ordinal >= result.Length)
            {
                return null;
            }

            result[parameter.Ordinal] = ParseExpression(argument.Value);
        }

        return result.Any(a => a is null) ? null : result.Select(a => a!).ToList();
    }

    private CallSpec ResolveCall(IMethodSymbol method, bool isInstance, string target, List<string> parameterNames, bool isProperty)
    {
        var containing = method.ContainingType.ToDisplayString();
        var names = parameterNames.ToEquatableArray();
        if ((containing == "System.Math" || containing == "System.MathF") && ScalarRules.IsBuiltin(method.Name, method.Parameters.Length))
        {
            return new CallSpec(CallKind.Builtin, method.Name, target, isInstance, isProperty, names, EquatableArray<RuleSpec>.Empty, IsPure: true);
        }

        if (containing == DifferentiationName && method.Name == "WithoutDerivative")
        {
            return new CallSpec(CallKind.WithoutDerivative, method.Name, target, isInstance, isProperty, names, EquatableArray<RuleSpec>.Empty);
        }

        if (HasAttribute(method, NoDerivativeAttributeName))
        {
            return new CallSpec(CallKind.NoDerivative, method.Name, target, isInstance, isProperty, names, EquatableArray<RuleSpec>.Empty, IsPure: true);
        }

        var rules = FindRules(method.ContainingType, method.Name, method, isInstance);
        if (rules.Count == 0 && HasAttribute(method, DifferentiableAttributeName) && GeneratedRule(method) is { } generated)
        {
            rules.Add(generated);
        }

        return new CallSpec(rules.Count > 0 ? CallKind.Rule : CallKind.Plain, method.Name, target, isInstance, isProperty, names, rules.ToEquatableArray(), IsPure: rules.Count > 0, ElementwiseFacts(method));
    }

    private static IEnumerable<IMethodSymbol> FindRuleMethods(INamedTypeSymbol type, string functionName) =>
        type.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsStatic && m.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == DerivativeOfAttributeName
            && a.ConstructorArguments.Length == 1
            && a.ConstructorArguments[0].Value as string == functionName));

    /// <summary>The <c>[DerivativeOf]</c> rules of <paramref name="function"/> that bind to its parameters and that the caller can call.</summary>
    private List<RuleSpec> FindRules(INamedTypeSymbol type, string functionName, IMethodSymbol function, bool isInstance)
    {
        var result = new List<RuleSpec>();
        foreach (var rule in FindRuleMethods(type, functionName))
        {
            if (!_compilation.IsSymbolAccessibleWithin(rule, _callerType) || rule.ReturnsVoid || rule.IsGenericMethod)
            {
                continue;
            }

            var attribute = rule.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == DerivativeOfAttributeName);
            var wrt = attribute.NamedArguments.FirstOrDefault(n => n.Key == "Wrt").Value.Value as string;

            // A rule for one overload (Arity: its parameter count) never binds to another of the same name.
            if (attribute.NamedArguments.FirstOrDefault(n => n.Key == "Arity").Value.Value is int arity && arity >= 0 && arity != function.Parameters.Length)
            {
                continue;
            }

            if (BindRule(rule, function, isInstance, wrt) is { } spec)
            {
                result.Add(spec);
            }
        }

        // Rules for one input sort after rules for all, so one call covers every gradient when it can.
        return result.OrderBy(r => r.Returns.Count == 1 ? 1 : 0).ToList();
    }

    private static RuleSpec? BindRule(IMethodSymbol rule, IMethodSymbol function, bool isInstance, string? wrt)
    {
        var bindings = new List<string>();
        var receiverName = (string?)null;
        foreach (var parameter in rule.Parameters)
        {
            if (parameter.Name is "grad" or "result")
            {
                // The upstream gradient and the result have the function's result type; an overload returning
                // something else (a (Values, Indices) tuple) is not this rule's function.
                if (!SymbolEqualityComparer.Default.Equals(parameter.Type, function.ReturnType))
                {
                    return null;
                }

                bindings.Add(parameter.Name);
            }
            else if (function.Parameters.Any(p => CalleeParameterName(p.Name) == parameter.Name))
            {
                bindings.Add(parameter.Name);
            }
            else if (isInstance && receiverName is null
                && SymbolEqualityComparer.Default.Equals(parameter.Type, function.ContainingType))
            {
                // The receiver of an instance method binds to the one rule parameter of its type that no other name claims.
                receiverName = parameter.Name;
                bindings.Add("this");
            }
            else
            {
                return null;
            }
        }

        if (!bindings.Contains("grad"))
        {
            return null;
        }

        // Inputs that can carry a gradient: floating-point and tensor parameters not marked [NoDerivative], receiver first.
        var candidates = new List<(string Name, TypeSpec Type)>();
        if (isInstance && TypeOf(function.ContainingType) is { IsDifferentiable: true } receiverType)
        {
            candidates.Add(("this", receiverType));
        }

        foreach (var parameter in function.Parameters)
        {
            if (TypeOf(parameter.Type) is { IsDifferentiable: true } type && !HasAttribute(parameter, NoDerivativeAttributeName))
            {
                candidates.Add((CalleeParameterName(parameter.Name), type));
            }
        }

        var resultType = TypeOf(function.ReturnType);
        var sameFamily = candidates.Where(c => resultType is not null && SameFamily(c.Type, resultType)).ToList();
        string Rename(string name) => name == receiverName ? "this" : name;

        var target = rule.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + rule.Name;
        if (wrt is not null)
        {
            var name = Rename(wrt);
            return candidates.Any(c => c.Name == name) && !rule.ReturnType.IsTupleType
                ? new RuleSpec(target, bindings.ToEquatableArray(), EquatableArray.Of(name), EquatableArray<string>.Empty)
                : null;
        }

        if (rule.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var elements = tuple.TupleElements;
            var fields = elements.Select(e => e.Name).ToEquatableArray();
            if (elements.All(e => e.IsExplicitlyNamedTupleElement && candidates.Any(c => c.Name == Rename(e.Name))))
            {
                return new RuleSpec(target, bindings.ToEquatableArray(), elements.Select(e => Rename(e.Name)).ToEquatableArray(), fields);
            }

            var positional = elements.Length == candidates.Count ? candidates : elements.Length == sameFamily.Count ? sameFamily : null;
            return positional is null
                ? null
                : new RuleSpec(target, bindings.ToEquatableArray(), positional.Select(c => c.Name).ToEquatableArray(), fields);
        }

        var single = candidates.Count == 1 ? candidates[0].Name : sameFamily.Count == 1 ? sameFamily[0].Name : null;
        return single is null
            ? null
            : new RuleSpec(target, bindings.ToEquatableArray(), EquatableArray.Of(single), EquatableArray<string>.Empty);
    }

    /// <summary>
    /// The rule a source <c>[Differentiable]</c> method will get from this generator (<c>{Name}Backward</c>), when
    /// the whole pipeline accepts that method; its output is not visible to this compilation, so it is predicted.
    /// </summary>
    private RuleSpec? GeneratedRule(IMethodSymbol method)
    {
        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (syntax is null || !_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

        var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
        var spec = ParseMethod(_compilation, model, method, syntax, _inProgress, _cancellationToken);
        if (spec is null || Lowering.Lower(spec) is not { } lowered || Differentiator.Differentiate(lowered) is null)
        {
            return null;
        }

        var differentiable = spec.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Name).ToList();
        if (differentiable.Count == 0)
        {
            return null;
        }

        var target = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name + "Backward";
        var bindings = new List<string> { "grad" };
        bindings.AddRange(spec.Parameters.Select(p => p.Name));
        return new RuleSpec(
            target,
            bindings.ToEquatableArray(),
            differentiable.ToEquatableArray(),
            differentiable.Count == 1 ? EquatableArray<string>.Empty : differentiable.ToEquatableArray());
    }
}
