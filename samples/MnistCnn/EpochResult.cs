namespace MnistCnn;

/// <summary>What one epoch achieved: mean training loss, training accuracy (running, over the epoch), test accuracy.</summary>
internal sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, double SamplesPerSecond);
