namespace Kan.Physics.Problems.Modules;

/// <summary>Options of the toy fit (<c>kan toy</c>): L-BFGS steps per grid, seed, grid schedule and output folder.</summary>
internal sealed record ToyFitOptions(int Steps, int Seed, int[] Grids, string OutputDirectory);
