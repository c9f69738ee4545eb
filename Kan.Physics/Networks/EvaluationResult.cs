namespace Kan.Physics.Networks;

/// <summary>Loss of one evaluation: the data (or physics) loss, the regularisation penalty and their sum.</summary>
public readonly record struct EvaluationResult(double Loss, double Regularization)
{
    public double Total => Loss + Regularization;
}
