namespace Hematology.ML.Features.Svm;

/// <summary>
/// One one-versus-one binary machine: f(x) = sum_k Coefficients[k] K(sv[SupportVectors[k]], x) - Rho, positive for
/// <see cref="PositiveClass"/>. Support vectors are indices into the model's shared table, because a sample is usually
/// a support vector of several pairs and would otherwise be stored (and its kernel value computed) several times.
/// </summary>
internal sealed record SvmPairModel(
    int PositiveClass,
    int NegativeClass,
    int[] SupportVectors,
    double[] Coefficients,
    double Rho,
    PlattSigmoid Sigmoid);
