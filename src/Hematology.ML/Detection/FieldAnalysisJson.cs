using System.Text.Json.Nodes;

namespace Hematology.ML.Detection;

/// <summary>The JSON of a field analysis, the one <c>hemato detect --json</c> prints and the web app returns:
/// <c>{"images":[{"file","width","height","cells":[{"box":[x0,y0,x1,y1],"class","probability","cut"}]}],"skipped":[...]}</c>,
/// boxes in pixels with the far edges exclusive.</summary>
public static class FieldAnalysisJson
{
    /// <summary>The analysis as JSON; <paramref name="fileName"/> turns a path into what the JSON shows (the path itself by default).</summary>
    public static JsonObject ToJson(FieldAnalysisResult result, Func<string, string>? fileName = null)
    {
        fileName ??= f => f;
        var images = new JsonArray();
        foreach (var image in result.Images)
        {
            var cells = new JsonArray();
            foreach (var c in image.Cells)
                cells.Add(new JsonObject
                {
                    ["box"] = new JsonArray(c.Box.ToArray().Select(v => (JsonNode)v).ToArray()),
                    ["kind"] = c.Kind == FieldCellKind.Platelet ? "platelet" : "nucleated",
                    ["class"] = c.CellClass,
                    ["probability"] = c.Probability > 0 ? Math.Round(c.Probability, 4) : null,
                    ["cut"] = c.Cut,
                });
            images.Add(new JsonObject
            {
                ["file"] = fileName(image.File),
                ["width"] = image.Width,
                ["height"] = image.Height,
                ["red_cell_diameter_px"] = Math.Round(image.RedCellDiameter, 1),
                ["red_cells_measured"] = image.RedCellsMeasured,
                ["cells"] = cells,
            });
        }
        var skipped = new JsonArray();
        foreach (var s in result.Skipped) skipped.Add(new JsonObject { ["file"] = fileName(s.Path), ["reason"] = s.Reason });
        return new JsonObject
        {
            ["images"] = images,
            ["skipped"] = skipped,
            ["n_nucleated"] = result.Images.Sum(i => i.Cells.Count(c => c.Kind == FieldCellKind.Nucleated)),
            ["n_cut"] = result.Images.Sum(i => i.Cells.Count(c => c.Kind == FieldCellKind.Nucleated && c.Cut)),
        };
    }
}
