using System.Globalization;
using AutoDiffGen.Serialization;
using AutoDiffGen.Tests.Child;

// Usage:
//   train <checkpoint> <epochs> <stopAfter>     train from scratch, save the checkpoint after stopAfter epochs, exit
//   resume <checkpoint> <epochs> <out>          resume from the checkpoint, finish, save the parameters to <out>
//   save-loop <checkpoint>                      save checkpoints 1, 2, 3... forever (for the kill test), one line each
switch (args)
{
    case ["train", var checkpoint, var epochs, var stopAfter]:
        TrainingRun.Run(checkpoint, resume: false, int.Parse(epochs, CultureInfo.InvariantCulture), int.Parse(stopAfter, CultureInfo.InvariantCulture));
        return 0;

    case ["resume", var checkpoint, var epochs, var output]:
        SafeTensors.Save(output, TrainingRun.Run(checkpoint, resume: true, int.Parse(epochs, CultureInfo.InvariantCulture)));
        return 0;

    case ["save-loop", var checkpoint]:
        for (var i = 1; ; i++)
        {
            Checkpoint.Save(checkpoint, SaveLoop.State(i), epoch: i);
            Console.Out.WriteLine(i.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }

    default:
        Console.Error.WriteLine("usage: train <checkpoint> <epochs> <stopAfter> | resume <checkpoint> <epochs> <out> | save-loop <checkpoint>");
        return 2;
}
