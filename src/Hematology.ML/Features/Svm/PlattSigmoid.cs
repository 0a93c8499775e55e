namespace Hematology.ML.Features.Svm;

/// <summary>
/// Platt's sigmoid P(positive | f) = 1 / (1 + exp(A f + B)) mapping an SVM decision value f to a probability.
/// Fitted by the regularised maximum-likelihood Newton method of Lin, Lin &amp; Weng (2007), "A note on Platt's
/// probabilistic outputs for support vector machines", Machine Learning 68, which is numerically safer than Platt's
/// original code.
/// </summary>
internal readonly record struct PlattSigmoid(double A, double B)
{
    /// <summary>P(positive class | decision value), evaluated without overflow for large |A f + B|.</summary>
    public double Probability(double decisionValue)
    {
        double z = A * decisionValue + B;
        return z >= 0 ? Math.Exp(-z) / (1.0 + Math.Exp(-z)) : 1.0 / (1.0 + Math.Exp(z));
    }

    /// <summary>Fits A and B to decision values of samples whose true side is known.</summary>
    /// <param name="decisionValues">f(x_i), ideally from models that did not see x_i.</param>
    /// <param name="positive">True where sample i belongs to the positive class.</param>
    public static PlattSigmoid Fit(IReadOnlyList<double> decisionValues, IReadOnlyList<bool> positive)
    {
        int n = decisionValues.Count;
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (positive[i])
            {
                positives++;
            }
        }

        int negatives = n - positives;

        // Platt's smoothed targets keep the sigmoid from becoming a step function on separable data.
        double highTarget = (positives + 1.0) / (positives + 2.0);
        double lowTarget = 1.0 / (negatives + 2.0);
        var target = new double[n];
        for (int i = 0; i < n; i++)
        {
            target[i] = positive[i] ? highTarget : lowTarget;
        }

        const double minStep = 1e-10;
        const double sigma = 1e-12; // Hessian ridge: keeps Newton defined when all f_i are equal.
        const double gradientTolerance = 1e-5;
        double a = 0;
        double b = Math.Log((negatives + 1.0) / (positives + 1.0));
        double value = NegativeLogLikelihood(decisionValues, target, a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < n; i++)
            {
                double f = decisionValues[i];
                double p = new PlattSigmoid(a, b).Probability(f);
                double w = p * (1 - p);
                h11 += f * f * w;
                h22 += w;
                h21 += f * w;
                double d = target[i] - p;
                g1 += f * d;
                g2 += d;
            }

            if (Math.Abs(g1) < gradientTolerance && Math.Abs(g2) < gradientTolerance)
            {
                break;
            }

            double determinant = h11 * h22 - h21 * h21;
            double dA = -(h22 * g1 - h21 * g2) / determinant;
            double dB = -(-h21 * g1 + h11 * g2) / determinant;
            double slope = g1 * dA + g2 * dB;

            // Backtracking (Armijo) line search: the full Newton step can overshoot far from the optimum.
            double stepSize = 1;
            while (stepSize >= minStep)
            {
                double newA = a + stepSize * dA;
                double newB = b + stepSize * dB;
                double newValue = NegativeLogLikelihood(decisionValues, target, newA, newB);
                if (newValue < value + 1e-4 * stepSize * slope)
                {
                    a = newA;
                    b = newB;
                    value = newValue;
                    break;
                }

                stepSize /= 2;
            }

            if (stepSize < minStep)
            {
                break; // No further progress possible in floating point.
            }
        }

        return new PlattSigmoid(a, b);
    }

    private static double NegativeLogLikelihood(IReadOnlyList<double> f, double[] target, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double z = a * f[i] + b;
            // Two algebraically equal forms of -[t log p + (1 - t) log(1 - p)], picked by the sign of z so exp never overflows.
            sum += z >= 0
                ? target[i] * z + Math.Log(1 + Math.Exp(-z))
                : (target[i] - 1) * z + Math.Log(1 + Math.Exp(z));
        }

        return sum;
    }
}
