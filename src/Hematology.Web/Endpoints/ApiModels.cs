using System.Text.Json.Nodes;

namespace Hematology.Web.Endpoints;

/// <summary>The answer to an accepted upload.</summary>
/// <param name="Id">The analysis id: poll <c>GET /api/smears/{id}</c>.</param>
/// <param name="Status">Always <c>queued</c>.</param>
/// <param name="Cells">Cell images accepted.</param>
/// <param name="Skipped">Files of a zip that were not images, by name.</param>
/// <param name="ReferenceStored">Whether the smear reference was stored (pseudonymised with the lab secret); without a lab secret it is not stored at all.</param>
public sealed record SmearAccepted(string Id, string Status, int Cells, IReadOnlyList<string> Skipped, bool ReferenceStored);

/// <summary>Where an analysis stands and, once done, its result.</summary>
/// <param name="Id">The analysis id.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>done</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Created">When it was submitted (UTC).</param>
/// <param name="Cells">Cell images uploaded.</param>
/// <param name="CellsDone">Cells classified so far (all of them once done).</param>
/// <param name="Decision">The screening decision once done.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Result">Once done: the JSON of <c>hemato screen</c>.</param>
public sealed record SmearStatus(string Id, string Status, string Created, int Cells, int CellsDone, string? Decision, string? Error, JsonNode? Result);

/// <summary>One earlier analysis in the list.</summary>
/// <param name="Id">The analysis id.</param>
/// <param name="Created">When it was submitted (UTC).</param>
/// <param name="Status">Its status.</param>
/// <param name="Cells">Cell images.</param>
/// <param name="Decision">The decision once done.</param>
/// <param name="Reference">The first 12 hex digits of the pseudonymised smear reference, or null: never the reference itself.</param>
public sealed record SmearListItem(string Id, string Created, string Status, int Cells, string? Decision, string? Reference);

/// <summary>The server's state and what its models are.</summary>
/// <param name="Status">Always <c>ok</c> while it answers.</param>
/// <param name="Queued">Smears waiting.</param>
/// <param name="Running">Smears being screened.</param>
/// <param name="Concurrency">Smears screened at once.</param>
/// <param name="SimulatedTraining">Whether DysplasiaNet or its thresholds came from simulated data.</param>
/// <param name="TrainingStatement">What the models were trained on, in words.</param>
/// <param name="Classifier">The eight-class model.</param>
/// <param name="Threshold">The smear threshold on the dysplastic fraction.</param>
/// <param name="DysplasiaCutoff">The per-cell cut-off on DysplasiaNet's score.</param>
/// <param name="ReferencesPseudonymised">Whether a lab secret is configured, so smear references are stored pseudonymised.</param>
public sealed record Health(string Status, int Queued, int Running, int Concurrency, bool SimulatedTraining, string TrainingStatement, string Classifier,
    double Threshold, double DysplasiaCutoff, bool ReferencesPseudonymised);

/// <summary>An error answer.</summary>
/// <param name="Error">What was wrong.</param>
public sealed record ApiError(string Error);
