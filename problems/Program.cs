Console.WriteLine("Kan.Physics: problem modules are being built; see README.md.");
