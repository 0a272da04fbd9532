using AutoDiffGen.Distributed.Worker;

// One scenario per run, named by the first argument; every rank runs the same one. A scenario that finds a wrong
// value throws: the process group's unhandled-exception handler then prints the rank and aborts the job.
var scenario = args.Length > 0 ? args[0] : "";
return scenario switch
{
    "collectives" => Scenarios.Collectives(),
    "train" => Scenarios.Train(),
    "overlap" => Scenarios.Overlap(),
    "throw" => Scenarios.Throw(),
    "kill" => Scenarios.Kill(),
    "hang" => Scenarios.Hang(),
    _ => Usage(scenario),
};

static int Usage(string scenario)
{
    Console.Error.WriteLine($"unknown scenario '{scenario}': collectives, train, overlap, throw, kill or hang");
    return 2;
}
