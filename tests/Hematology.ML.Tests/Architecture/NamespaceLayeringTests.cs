using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit.Abstractions;

namespace Hematology.ML.Tests.Architecture;

/// <summary>
/// The namespaces of the core library form layers: no namespace depends, directly or through others, on a
/// namespace that depends on it. The check reads the compiled Hematology.ML.dll with Mono.Cecil, so it sees every
/// dependency the compiler emitted (signatures, generic arguments, attributes and method bodies), not a text search.
/// </summary>
public class NamespaceLayeringTests(ITestOutputHelper output)
{
    [Fact]
    public void The_core_namespaces_form_layers_without_cycles()
    {
        var graph = NamespaceGraph.Read(typeof(HematologyException).Assembly.Location);

        var cycles = NamespaceGraph.Cycles(graph.Nodes, graph.Edges.Keys);

        Assert.True(cycles.Count == 0, NamespaceGraph.Describe(cycles, graph.Edges));
        Assert.Contains("Hematology.ML.Cells", graph.Nodes);
        Assert.Contains(("Hematology.ML.Screening", "Hematology.ML.Models"), graph.Edges.Keys);
        output.WriteLine("Layers, lowest first:");
        foreach (var (layer, names) in NamespaceGraph.Layers(graph.Nodes, graph.Edges.Keys))
            output.WriteLine($"  {layer}: {string.Join(", ", names)}");
    }

    [Fact]
    public void The_layering_check_reports_a_cycle_with_an_example_for_each_edge()
    {
        string[] nodes = ["A", "B", "C", "D"];
        var edges = new Dictionary<(string From, string To), string>
        {
            [("A", "B")] = "A.X -> B.Y",
            [("B", "C")] = "B.Y -> C.Z",
            [("C", "A")] = "C.Z -> A.X",
            [("C", "D")] = "C.Z -> D.W",
        };

        var cycles = NamespaceGraph.Cycles(nodes, edges.Keys);

        var cycle = Assert.Single(cycles);
        Assert.Equal(new[] { "A", "B", "C" }, cycle);
        var message = NamespaceGraph.Describe(cycles, edges);
        Assert.Contains("A, B, C", message);
        Assert.Contains("A.X -> B.Y", message);
        Assert.Contains("B.Y -> C.Z", message);
        Assert.Contains("C.Z -> A.X", message);
        Assert.DoesNotContain("D.W", message);
        Assert.Empty(NamespaceGraph.Cycles(nodes, edges.Keys.Where(e => e != ("C", "A"))));
    }
}

/// <summary>The graph of dependencies between the namespaces of one assembly's own types, and its cycles.</summary>
internal sealed class NamespaceGraph
{
    private readonly ModuleDefinition _module;
    private readonly HashSet<string> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> _edges = [];

    private NamespaceGraph(ModuleDefinition module) => _module = module;

    /// <summary>The namespaces of the assembly's own (not compiler-emitted) types.</summary>
    public IReadOnlyCollection<string> Nodes => _nodes;

    /// <summary>Each dependency between two of <see cref="Nodes"/>, with the first example found ("TypeA -> TypeB").</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => _edges;

    public static NamespaceGraph Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { ReadSymbols = false });
        var graph = new NamespaceGraph(module);
        foreach (var type in module.Types.Where(IsOwn))
            graph._nodes.Add(type.Namespace);
        foreach (var type in module.Types.Where(IsOwn).OrderBy(t => t.FullName, StringComparer.Ordinal))
            graph.VisitType(type, type);
        return graph;
    }

    /// <summary>The strongly connected components with more than one namespace, each sorted, in a stable order.</summary>
    public static List<string[]> Cycles(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges)
    {
        var successors = Successors(nodes, edges);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<string[]>();

        void Connect(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in successors[v])
            {
                if (!index.ContainsKey(w))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                    low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != v);
            if (component.Count > 1)
                components.Add([.. component.Order(StringComparer.Ordinal)]);
        }

        foreach (var node in successors.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node))
                Connect(node);
        return [.. components.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    /// <summary>The failure message: every cycle's namespaces and, for each edge inside it, one example.</summary>
    public static string Describe(IReadOnlyList<string[]> cycles, IReadOnlyDictionary<(string From, string To), string> edges)
    {
        var text = new System.Text.StringBuilder($"{cycles.Count} namespace cycle(s):");
        foreach (var cycle in cycles)
        {
            text.AppendLine().Append("cycle: ").AppendJoin(", ", cycle);
            foreach (var ((from, to), example) in edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To)).OrderBy(e => e.Key))
                text.AppendLine().Append($"  {from} -> {to}: {example}");
        }
        return text.ToString();
    }

    /// <summary>The namespaces by layer (0: depends on none of the others), for an acyclic graph.</summary>
    public static IEnumerable<(int Layer, string[] Namespaces)> Layers(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges)
    {
        var successors = Successors(nodes, edges);
        var layer = new Dictionary<string, int>(StringComparer.Ordinal);
        int LayerOf(string v) => layer.TryGetValue(v, out var l) ? l : layer[v] = successors[v].Select(w => LayerOf(w) + 1).DefaultIfEmpty(0).Max();
        return successors.Keys.GroupBy(LayerOf).OrderBy(g => g.Key).Select(g => (g.Key, g.Order(StringComparer.Ordinal).ToArray()));
    }

    private static Dictionary<string, List<string>> Successors(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges)
    {
        var successors = nodes.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, to) in edges)
            successors[from].Add(to);
        foreach (var list in successors.Values)
            list.Sort(StringComparer.Ordinal);
        return successors;
    }

    /// <summary>A top-level type the source declares (not &lt;Module&gt;, &lt;PrivateImplementationDetails&gt; or an embedded attribute).</summary>
    private static bool IsOwn(TypeDefinition type) =>
        type.Namespace.Length > 0
        && !type.CustomAttributes.Any(a => a.AttributeType.FullName is "System.Runtime.CompilerServices.CompilerGeneratedAttribute" or "Microsoft.CodeAnalysis.EmbeddedAttribute");

    private void VisitType(TypeDefinition type, TypeDefinition outer)
    {
        Attributes(type, outer);
        Depend(outer, type.BaseType);
        foreach (var implemented in type.Interfaces)
        {
            Depend(outer, implemented.InterfaceType);
            Attributes(implemented, outer);
        }
        GenericParameters(type, outer);
        foreach (var field in type.Fields)
        {
            Attributes(field, outer);
            Depend(outer, field.FieldType);
        }
        foreach (var property in type.Properties)
        {
            Attributes(property, outer);
            Depend(outer, property.PropertyType);
            foreach (var parameter in property.Parameters)
                Depend(outer, parameter.ParameterType);
        }
        foreach (var @event in type.Events)
        {
            Attributes(@event, outer);
            Depend(outer, @event.EventType);
        }
        foreach (var method in type.Methods)
            VisitMethod(method, outer);
        foreach (var nested in type.NestedTypes)
            VisitType(nested, outer);
    }

    private void VisitMethod(MethodDefinition method, TypeDefinition outer)
    {
        Attributes(method, outer);
        Attributes(method.MethodReturnType, outer);
        GenericParameters(method, outer);
        Signature(outer, method);
        foreach (var parameter in method.Parameters)
            Attributes(parameter, outer);
        foreach (var @override in method.Overrides)
            Member(outer, @override);
        if (!method.HasBody)
            return;
        foreach (var variable in method.Body.Variables)
            Depend(outer, variable.VariableType);
        foreach (var handler in method.Body.ExceptionHandlers)
            Depend(outer, handler.CatchType);
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference typeReference:
                    Depend(outer, typeReference);
                    break;
                case MethodReference methodReference:
                    Member(outer, methodReference);
                    break;
                case FieldReference fieldReference:
                    Depend(outer, fieldReference.DeclaringType);
                    Depend(outer, fieldReference.FieldType);
                    break;
                case CallSite callSite:
                    Signature(outer, callSite);
                    break;
            }
        }
    }

    private void Member(TypeDefinition outer, MethodReference method)
    {
        Depend(outer, method.DeclaringType);
        Signature(outer, method);
        if (method is GenericInstanceMethod generic)
            foreach (var argument in generic.GenericArguments)
                Depend(outer, argument);
    }

    private void Signature(TypeDefinition outer, IMethodSignature signature)
    {
        Depend(outer, signature.ReturnType);
        foreach (var parameter in signature.Parameters)
            Depend(outer, parameter.ParameterType);
    }

    private void GenericParameters(IGenericParameterProvider provider, TypeDefinition outer)
    {
        foreach (var parameter in provider.GenericParameters)
        {
            Attributes(parameter, outer);
            foreach (var constraint in parameter.Constraints)
                Depend(outer, constraint.ConstraintType);
        }
    }

    private void Attributes(ICustomAttributeProvider provider, TypeDefinition outer)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Depend(outer, attribute.AttributeType);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Concat(attribute.Fields).Select(n => n.Argument)))
                if (argument.Value is TypeReference typeArgument)
                    Depend(outer, typeArgument);
        }
    }

    /// <summary>Records that <paramref name="outer"/> uses <paramref name="used"/> and every type inside it (elements, generic arguments).</summary>
    private void Depend(TypeDefinition outer, TypeReference? used)
    {
        switch (used)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Depend(outer, generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                    Depend(outer, argument);
                return;
            case FunctionPointerType pointer:
                Signature(outer, pointer);
                return;
            case IModifierType modified:
                Depend(outer, modified.ModifierType);
                Depend(outer, modified.ElementType);
                return;
            case TypeSpecification specification: // arrays, by-ref, pointers, pinned, sentinels
                Depend(outer, specification.ElementType);
                return;
        }
        if (!IsOwnScope(used))
            return;
        var target = used;
        while (target.DeclaringType is not null)
            target = target.DeclaringType;
        var (from, to) = (outer.Namespace, target.Namespace);
        if (from != to && _nodes.Contains(to))
            _edges.TryAdd((from, to), $"{outer.FullName} -> {target.FullName}");
    }

    /// <summary>Whether a reference names a type defined in this module (not a type this module merely refers to).</summary>
    private bool IsOwnScope(TypeReference used) => used is TypeDefinition definition ? definition.Module == _module : used.Scope == _module;
}
