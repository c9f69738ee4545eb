namespace Kan.Physics.Optimization;

/// <summary>
/// Adam optimiser with bias correction and optional decoupled (AdamW) weight decay, for the noisy or badly scaled
/// early phase of training where a line-search method would struggle.
/// </summary>
/// <remarks>
/// Update per step t (element-wise, g the gradient, α the learning rate, λ the weight decay):
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
/// θ ← θ(1 − αλ) − α·m̂/(√v̂ + ε).
/// Bias correction makes the first steps full-sized (≈ α·sign(g) on step 1) instead of shrunk by the zero
/// initialisation of the moments. The moments and step count are exposed and restorable so a run can be
/// checkpointed and resumed with bit-identical results. Not thread-safe; deterministic; <see cref="Step"/> allocates
/// nothing.
/// </remarks>
public sealed class Adam
{
    private readonly double[] _m;
    private readonly double[] _v;

    /// <summary>Creates an optimiser for a fixed number of parameters with zeroed moments.</summary>
    /// <param name="parameterCount">Number of parameters; at least 1.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> &lt; 1, or an option is out of range.</exception>
    public Adam(int parameterCount, AdamOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        options ??= new AdamOptions();
        options.Validate();
        Options = options;
        _m = new double[parameterCount];
        _v = new double[parameterCount];
    }

    /// <summary>The validated settings.</summary>
    public AdamOptions Options { get; }

    /// <summary>Number of parameters this optimiser was created for.</summary>
    public int ParameterCount => _m.Length;

    /// <summary>Number of updates performed so far (t in the bias correction).</summary>
    public int StepCount { get; private set; }

    /// <summary>Current first-moment estimate m (not bias-corrected), for checkpointing.</summary>
    public ReadOnlySpan<double> FirstMoment => _m;

    /// <summary>Current second-moment estimate v (not bias-corrected), for checkpointing.</summary>
    public ReadOnlySpan<double> SecondMoment => _v;

    /// <summary>
    /// Performs one bias-corrected update of <paramref name="parameters"/> in place. The gradient is not checked for
    /// NaN (that would cost a pass per step); a non-finite gradient poisons the moments, so check the loss first or
    /// use <see cref="Minimize"/>, which does.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length differs from <see cref="ParameterCount"/>.</exception>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != _m.Length)
        {
            throw new ArgumentException($"Expected {_m.Length} parameters, got {parameters.Length}.", nameof(parameters));
        }

        if (gradient.Length != _m.Length)
        {
            throw new ArgumentException($"Expected {_m.Length} gradient entries, got {gradient.Length}.", nameof(gradient));
        }

        AdamOptions o = Options;
        int t = checked(StepCount + 1);
        StepCount = t;
        double beta1 = o.Beta1, beta2 = o.Beta2, eps = o.Epsilon, lr = o.LearningRate;
        double oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        double correction1 = 1 - Math.Pow(beta1, t);
        double correction2 = 1 - Math.Pow(beta2, t);
        double decay = 1 - lr * o.WeightDecay;
        double[] m = _m, v = _v;
        for (int i = 0; i < m.Length; i++)
        {
            double gi = gradient[i];
            double mi = beta1 * m[i] + oneMinusBeta1 * gi;
            double vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            double mHat = mi / correction1;
            double vHat = vi / correction2;
            parameters[i] = parameters[i] * decay - lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }

    /// <summary>Zeroes the moments and the step count, as if newly created (e.g. when the loss changes).</summary>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        StepCount = 0;
    }

    /// <summary>
    /// Restores state saved from <see cref="StepCount"/>, <see cref="FirstMoment"/> and <see cref="SecondMoment"/>,
    /// so that continuing is identical to never having stopped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepCount"/> is negative.</exception>
    /// <exception cref="ArgumentException">A moment has the wrong length, is non-finite, or the second moment is negative.</exception>
    public void Restore(int stepCount, ReadOnlySpan<double> firstMoment, ReadOnlySpan<double> secondMoment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        if (firstMoment.Length != _m.Length)
        {
            throw new ArgumentException($"Expected {_m.Length} entries, got {firstMoment.Length}.", nameof(firstMoment));
        }

        if (secondMoment.Length != _v.Length)
        {
            throw new ArgumentException($"Expected {_v.Length} entries, got {secondMoment.Length}.", nameof(secondMoment));
        }

        foreach (double value in firstMoment)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("The first moment must be finite.", nameof(firstMoment));
            }
        }

        foreach (double value in secondMoment)
        {
            if (!(value >= 0) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentException("The second moment must be finite and non-negative.", nameof(secondMoment));
            }
        }

        firstMoment.CopyTo(_m);
        secondMoment.CopyTo(_v);
        StepCount = stepCount;
    }

    /// <summary>
    /// Convenience loop: evaluates the objective and takes <paramref name="steps"/> Adam steps, continuing from the
    /// current optimiser state. Adam has no convergence test, so a full run reports
    /// <see cref="StopReason.IterationLimit"/>.
    /// </summary>
    /// <param name="objective">Loss and gradient.</param>
    /// <param name="x">Start point on entry; on exit the last point whose loss was finite (the loss reported).</param>
    /// <param name="steps">Number of steps; ≥ 0.</param>
    /// <param name="onIteration">Called after each step with the loss at the new parameters; may cancel the token.</param>
    /// <param name="ct">Checked before every step; cancellation returns <see cref="StopReason.Cancelled"/>, not an exception.</param>
    /// <returns><see cref="StopReason.IterationLimit"/> after all steps, <see cref="StopReason.Cancelled"/>, or
    /// <see cref="StopReason.NonFiniteLoss"/> when the start point or a step produced a non-finite loss or gradient
    /// (x is then restored to the previous point; the moments keep the last update).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> or <paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or contains NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public OptimizationResult Minimize(
        Objective objective,
        double[] x,
        int steps,
        Action<IterationInfo>? onIteration = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (x.Length != _m.Length)
        {
            throw new ArgumentException($"Expected {_m.Length} parameters, got {x.Length}.", nameof(x));
        }

        foreach (double v in x)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("The start point must not contain NaN or infinity.", nameof(x));
            }
        }

        var gradient = new double[x.Length];
        var previous = new double[x.Length];
        int evaluations = 1;
        double loss = objective(x, gradient);
        double gradientNorm = StrongWolfeLineSearch.MaxAbs(gradient);
        if (!double.IsFinite(loss) || !double.IsFinite(gradientNorm))
        {
            return new OptimizationResult(StopReason.NonFiniteLoss, 0, evaluations, loss, gradientNorm);
        }

        for (int k = 0; k < steps; k++)
        {
            if (ct.IsCancellationRequested)
            {
                return new OptimizationResult(StopReason.Cancelled, k, evaluations, loss, gradientNorm);
            }

            x.CopyTo(previous, 0);
            Step(x, gradient);

            // The gradient buffer is overwritten by the evaluation; if it turns out non-finite the previous loss and
            // norm are still valid for the restored point.
            double newLoss = objective(x, gradient);
            evaluations++;
            double newNorm = StrongWolfeLineSearch.MaxAbs(gradient);
            if (!double.IsFinite(newLoss) || !double.IsFinite(newNorm))
            {
                previous.CopyTo(x, 0);
                return new OptimizationResult(StopReason.NonFiniteLoss, k, evaluations, loss, gradientNorm);
            }

            loss = newLoss;
            gradientNorm = newNorm;
            onIteration?.Invoke(new IterationInfo(k + 1, loss, gradientNorm, Options.LearningRate, evaluations));
        }

        return new OptimizationResult(StopReason.IterationLimit, steps, evaluations, loss, gradientNorm);
    }
}
