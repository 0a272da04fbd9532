namespace AutoDiffGen.Generators;
