using System.Text;
using System.Text.Json.Nodes;
using Hematology.ML.Database;
using Hematology.ML.Imaging;
using Hematology.Web.Analyses;
using Hematology.Web.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hematology.Web.Endpoints;

/// <summary>
/// The smear API: upload (<c>POST /api/smears</c>), status and result, cancel, the reports, the cell images and
/// Grad-CAM overlays the page shows, the list of earlier analyses, and <c>/api/health</c>.
/// </summary>
internal static class SmearEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("smears");
        api.MapPost("/smears", Upload).DisableAntiforgery()
            .WithSummary("Upload one smear's cell images (multipart: image files, or one zip) with an optional 'reference'; the screen is queued")
            .Produces<SmearAccepted>(StatusCodes.Status202Accepted).Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge).Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/smears", List).WithSummary("Earlier analyses, newest first");
        api.MapGet("/smears/{id}", Status).WithSummary("Status, progress and, once done, the JSON of 'hemato screen'")
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/smears/{id}/cancel", Cancel).WithSummary("Cancel a queued or running analysis");
        api.MapDelete("/smears/{id}", Cancel).WithSummary("Cancel a queued or running analysis (the same as POST .../cancel)");
        api.MapGet("/smears/{id}/report", (string id, SmearAnalysisStore store, AnalysisFolders folders) =>
                DoneFile(id, store, folders.Report, "text/html; charset=utf-8"))
            .WithSummary("The HTML report (the same as 'hemato screen --html')");
        api.MapGet("/smears/{id}/report.json", (string id, SmearAnalysisStore store) =>
                AnalysisFolders.IsId(id) && store.ResultJson(id) is { } json
                    ? Results.File(Encoding.UTF8.GetBytes(json), "application/json", $"screen-{id}.json") : NotFound())
            .WithSummary("The JSON report as a download");
        api.MapGet("/smears/{id}/cells/{file}", (string id, string file, AnalysisFolders folders) => Image(id, file, folders.Cells))
            .WithSummary("One uploaded cell image");
        api.MapGet("/smears/{id}/gradcam/{file}", (string id, string file, AnalysisFolders folders) => Image(id, file + ".png", folders.GradCam))
            .WithSummary("The Grad-CAM overlay (PNG) of a flagged neutrophil");
        api.MapGet("/health", Health).WithTags("server").WithSummary("Liveness, queue and what the models were trained on");
    }

    private static async Task<IResult> Upload(HttpContext context, AnalysisFolders folders, ScreeningQueue queue, SmearAnalysisStore store,
        ReferencePseudonyms pseudonyms, HematologyWebOptions options, CancellationToken cancellationToken)
    {
        if (queue.IsFull) return Error(StatusCodes.Status503ServiceUnavailable, "The screening queue is full; try again when the earlier smears are done.");
        var id = AnalysisFolders.NewId();
        var limits = UploadLimits.From(options);
        var upload = new SmearUpload(Directory.CreateDirectory(folders.Staging(id)).FullName, limits);
        string? reference;
        try
        {
            reference = await UploadReceiver.ReadAsync(context.Request, upload, limits, cancellationToken);
        }
        catch (UploadRefusedException e)
        {
            folders.Discard(id);
            return Error(e.StatusCode, e.Message);
        }
        catch
        {
            folders.Discard(id);
            throw;
        }
        folders.Accept(id, upload.Skipped);
        var referenceKey = pseudonyms.KeyOf(reference);
        store.Add(id, upload.Files.Count, referenceKey);
        if (!queue.TryEnqueue(id, upload.Files.Count))
        {
            store.SetStatus(id, SmearAnalysisStatus.Failed, "The screening queue was full.");
            return Error(StatusCodes.Status503ServiceUnavailable, "The screening queue is full; try again when the earlier smears are done.");
        }
        return Results.Accepted($"/api/smears/{id}",
            new SmearAccepted(id, SmearAnalysisStatus.Queued, upload.Files.Count, upload.Skipped.Select(s => s.Path).ToList(), referenceKey is not null));
    }

    private static IResult Status(string id, SmearAnalysisStore store, ScreeningQueue queue)
    {
        if (!AnalysisFolders.IsId(id) || store.Find(id) is not { } record) return NotFound();
        if (queue.Live(id) is { } live)
            return Results.Ok(new SmearStatus(id, live.Status, record.Created, record.Cells, live.CellsDone, null, null, null));
        var result = record.Status == SmearAnalysisStatus.Done && store.ResultJson(id) is { } json ? JsonNode.Parse(json) : null;
        return Results.Ok(new SmearStatus(id, record.Status, record.Created, record.Cells,
            record.Status == SmearAnalysisStatus.Done ? record.Cells : 0, record.Decision, record.Error, result));
    }

    private static IEnumerable<SmearListItem> List(SmearAnalysisStore store, ScreeningQueue queue, int? limit) =>
        store.Recent(Math.Clamp(limit ?? 50, 1, 500)).Select(r => new SmearListItem(r.Id, r.Created, queue.Live(r.Id)?.Status ?? r.Status, r.Cells,
            r.Decision, r.ReferenceKey?[..12]));

    private static IResult Cancel(string id, SmearAnalysisStore store, ScreeningQueue queue)
    {
        if (!AnalysisFolders.IsId(id) || store.Find(id) is not { } record) return NotFound();
        if (queue.Cancel(id)) return Results.Accepted($"/api/smears/{id}", new { id, status = "cancelling" });
        return Error(StatusCodes.Status409Conflict, $"The analysis is already {record.Status}.");
    }

    private static Health Health(ScreeningQueue queue, ISmearScreener screener, HematologyWebOptions options, ReferencePseudonyms pseudonyms) =>
        new("ok", queue.Queued, queue.Running, options.Concurrency, screener.SimulatedTraining, screener.TrainingStatement, screener.ClassifierName,
            screener.Thresholds.SmearThreshold, screener.Thresholds.DysplasiaCutoff, pseudonyms.Enabled);

    private static IResult DoneFile(string id, SmearAnalysisStore store, Func<string, string> path, string contentType)
    {
        if (!AnalysisFolders.IsId(id) || store.Find(id) is not { Status: SmearAnalysisStatus.Done } || !File.Exists(path(id))) return NotFound();
        return Results.File(path(id), contentType);
    }

    private static IResult Image(string id, string file, Func<string, string> folder)
    {
        if (!AnalysisFolders.IsId(id) || AnalysisFolders.FileIn(folder(id), file) is not { } path) return NotFound();
        Span<byte> head = stackalloc byte[16];
        using (var stream = File.OpenRead(path)) head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        // The type comes from the content, as everywhere; only image types are ever declared here.
        var type = CellImageDecoder.MediaTypeOf(head) ?? "application/octet-stream";
        return Results.File(path, type);
    }

    private static IResult NotFound() => Error(StatusCodes.Status404NotFound, "No such analysis, or not done yet.");

    private static IResult Error(int status, string message) => Results.Json(new ApiError(message), statusCode: status);
}
