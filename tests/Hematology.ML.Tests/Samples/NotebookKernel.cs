using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Hematology.ML.Tests.Samples;

/// <summary>
/// What a notebook's C# code sees besides its own code: the .NET Interactive kernel's <c>display</c> and
/// <c>HTML</c> (lower-case, as the kernel spells them), recording what was shown.
/// </summary>
public sealed class NotebookGlobals
{
    public List<object> Displayed { get; } = [];

    public object display(object value, params string[] mimeTypes)
    {
        Displayed.Add(value);
        return value;
    }

    public NotebookHtml HTML(string html) => new(html);
}

/// <summary>HTML a cell displays.</summary>
public sealed record NotebookHtml(string Html);

/// <summary>
/// Runs cells one after another, each continuing the state of the ones before, with Roslyn scripting: the
/// engine of the .NET Interactive C# kernel.
/// </summary>
internal static class NotebookKernel
{
    public static async Task<ScriptState<object>> RunAsync(IReadOnlyList<string> cells, NotebookGlobals globals)
    {
        var library = typeof(Hematology.ML.Datasets.CellImageFolder).Assembly;
        // The library's own dependencies too: its public types name ML.NET and TorchSharp types in places.
        var references = library.GetReferencedAssemblies().Select(System.Reflection.Assembly.Load).Append(library)
            .Concat(AppDomain.CurrentDomain.GetAssemblies()).Where(a => !a.IsDynamic && a.Location.Length > 0).Distinct();
        // The C# kernel's default imports (measured with dotnet-interactive 1.0.712001: System.IO is not one).
        var options = ScriptOptions.Default.AddReferences(references)
            .AddImports("System", "System.Linq", "System.Collections.Generic", "System.Text", "System.Threading.Tasks");
        ScriptState<object>? state = null;
        foreach (var cell in cells)
            state = state is null
                ? await CSharpScript.RunAsync(cell, options, globals, typeof(NotebookGlobals))
                : await state.ContinueWithAsync(cell, options);
        return state ?? throw new InvalidOperationException("The notebook has no C# code cells.");
    }
}
