namespace Hematology.ML.MlNet;

/// <summary>The kernels of the thesis's SVM classifiers (ch. 4), solved by the library's own SMO solver.</summary>
public enum CellSvmKernel
{
    /// <summary>Polynomial of degree 2: (x.y/d + 1)^2.</summary>
    Quadratic,

    /// <summary>Polynomial of degree 3, the thesis's best with deep features: (x.y/d + 1)^3.</summary>
    Cubic,

    /// <summary>Gaussian: exp(-|x-y|^2/d).</summary>
    Rbf,
}
