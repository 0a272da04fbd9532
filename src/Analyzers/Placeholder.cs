namespace AutoDiffGen.Analyzers;
