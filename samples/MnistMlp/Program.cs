System.Console.WriteLine("AutoDiffGen MNIST sample: coming up.");
