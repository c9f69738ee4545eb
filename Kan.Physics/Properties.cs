// Scratch buffers on the stack are always written before they are read; skipping their zero-initialisation matters
// in the spline core, which allocates a small table per (sample, input).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
