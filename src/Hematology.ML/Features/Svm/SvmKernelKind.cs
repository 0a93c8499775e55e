namespace Hematology.ML.Features.Svm;

/// <summary>The family of kernel function used by a kernel SVM.</summary>
internal enum SvmKernelKind
{
    /// <summary>Plain inner product, K(x, y) = &lt;x, y&gt;.</summary>
    Linear = 0,

    /// <summary>K(x, y) = (gamma * &lt;x, y&gt; + coef0)^degree; degree 2 and 3 give the thesis's quadratic and cubic SVMs.</summary>
    Polynomial = 1,

    /// <summary>Gaussian radial basis function, K(x, y) = exp(-gamma * |x - y|^2).</summary>
    Rbf = 2,
}
