namespace Hematology.ML.Database;

/// <summary>A smear that must not be imported as it is (the message says why, without identifiers); its transaction rolls back.</summary>
internal sealed class SmearRejectedException(string message) : Exception(message);

/// <summary>Another import stored the same image while this smear was in progress: the smear is tried again.</summary>
internal sealed class ConcurrentImageException() : Exception("an image was stored by a concurrent import");
