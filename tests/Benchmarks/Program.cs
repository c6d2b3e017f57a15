using BenchmarkDotNet.Running;

// Run one family with: dotnet run -c Release --project tests/Benchmarks -- --filter '*Toml*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
