namespace AutoDiffGen;

/// <summary>
/// Reverse-mode sweep over the recorded graph: each node runs once, after all of its consumers, so the work is
/// linear in the graph size even when subgraphs are shared; iterative, so a long chain cannot overflow the stack.
/// </summary>
internal static class BackwardEngine
{
    /// <summary>
    /// Runs backward from <paramref name="root"/>. With <paramref name="capture"/> null, gradients accumulate into the
    /// leaves' <see cref="Tensor.Grad"/>; otherwise the gradients of exactly those tensors are returned instead.
    /// </summary>
    public static Tensor?[] Run(Tensor root, Tensor? gradient, bool retainGraph, bool createGraph, Tensor[]? capture)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException(
                "Backward: the tensor does not require grad and has no GradFn; no recorded operation leads to it " +
                "(were its inputs created with requiresGrad, and was it computed outside a NoGrad scope?).");
        }

        var seed = gradient ?? DefaultSeed(root);
        if (seed.Shape != root.Shape || seed.DType != root.DType)
        {
            throw new ArgumentException(
                $"Backward: the gradient has shape {seed.Shape} and dtype {seed.DType.ToTorchName()}, but the output has shape {root.Shape} and dtype {root.DType.ToTorchName()}.",
                nameof(gradient));
        }

        var captured = capture is null ? [] : new Tensor?[capture.Length];
        using var mode = createGraph ? Autograd.EnableGrad() : Autograd.NoGrad();

        if (root.GradFn is not { } rootNode)
        {
            Deliver(root, seed, capture, captured, createGraph);
            if (capture is null && root.PostAccumulateGradHooks is not null)
            {
                root.RunPostAccumulateGradHooks();
            }

            return captured;
        }

        // Pass 1: find every node reachable from the root and count, for each, how many consumers feed it a gradient.
        var nodes = new List<Node>();
        List<Tensor>? hookedLeaves = null;
        var stack = new Stack<Node>();
        rootNode.PendingConsumers = 0;
        MarkVisited(rootNode, nodes, stack);
        try
        {
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                foreach (var input in node.InputsOrThrow)
                {
                    if (input.GradFn is { } producer)
                    {
                        if (!producer.Visited)
                        {
                            producer.PendingConsumers = 0;
                            MarkVisited(producer, nodes, stack);
                        }

                        producer.PendingConsumers++;
                    }
                    else if (capture is null && input.PostAccumulateGradHooks is not null)
                    {
                        // A hooked leaf's gradient is final once its last consumer has run: count them, as for nodes.
                        if (input.PendingHookConsumers++ == 0)
                        {
                            input.HookGradDelivered = false;
                            (hookedLeaves ??= []).Add(input);
                        }
                    }
                }
            }

            // Pass 2: Kahn's algorithm in reverse: a node runs once every consumer has contributed its gradient.
            rootNode.PendingGrad = seed;
            stack.Push(rootNode);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                var grad = node.PendingGrad;
                node.PendingGrad = null;
                var inputs = node.InputsOrThrow;
                Tensor?[]? inputGrads = null;

                if (grad is not null)
                {
                    Deliver(node.Result, grad, capture, captured, createGraph, nonLeaf: true);
                    inputGrads = new Tensor?[inputs.Length];
                    node.CheckSavedVersions();
                    node.Backward(node, grad, inputGrads);
                    if (Autograd.IsAnomalyDetectionEnabled)
                    {
                        AnomalyCheck(node, inputGrads);
                    }
                }

                for (var i = 0; i < inputs.Length; i++)
                {
                    var input = inputs[i];
                    var inputGrad = inputGrads?[i];
                    if (inputGrad is not null)
                    {
                        Validate(node, i, input, inputGrad);
                    }

                    if (input.GradFn is { } producer)
                    {
                        if (inputGrad is not null && input.RequiresGrad)
                        {
                            producer.PendingGrad = producer.PendingGrad is null ? inputGrad : producer.PendingGrad + inputGrad;
                        }

                        if (--producer.PendingConsumers == 0)
                        {
                            stack.Push(producer);
                        }
                    }
                    else
                    {
                        if (inputGrad is not null && input.RequiresGrad)
                        {
                            Deliver(input, inputGrad, capture, captured, createGraph);
                            input.HookGradDelivered = true;
                        }

                        if (input.PendingHookConsumers > 0 && --input.PendingHookConsumers == 0 && input.HookGradDelivered)
                        {
                            input.RunPostAccumulateGradHooks();
                        }
                    }
                }

                if (!retainGraph)
                {
                    node.Free();
                }
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Visited = false;
                node.PendingGrad = null;
                node.PendingConsumers = 0;
            }

            foreach (var leaf in hookedLeaves ?? [])
            {
                leaf.PendingHookConsumers = 0;
                leaf.HookGradDelivered = false;
            }
        }

        return captured;
    }

    private static void MarkVisited(Node node, List<Node> nodes, Stack<Node> stack)
    {
        node.Visited = true;
        nodes.Add(node);
        stack.Push(node);
    }

    private static Tensor DefaultSeed(Tensor root)
    {
        if (root.NumElements != 1)
        {
            throw new InvalidOperationException(
                $"Backward: grad can be implicitly created only for scalar outputs, but the output has shape {root.Shape}. " +
                "Pass the gradient of the loss with respect to this tensor, e.g. y.Backward(Tensor.OnesLike(y)), or reduce it first (y.Sum().Backward()).");
        }

        return Tensor.OnesLike(root);
    }

    /// <summary>Hands a tensor's total gradient to whoever wants it: the capture list, or its accumulated <see cref="Tensor.Grad"/>.</summary>
    private static void Deliver(Tensor tensor, Tensor grad, Tensor[]? capture, Tensor?[] captured, bool createGraph, bool nonLeaf = false)
    {
        if (capture is not null)
        {
            for (var i = 0; i < capture.Length; i++)
            {
                if (ReferenceEquals(capture[i], tensor))
                {
                    captured[i] = captured[i] is null ? grad : captured[i]! + grad;
                }
            }

            return;
        }

        if (nonLeaf && !tensor.RetainsGrad)
        {
            return;
        }

        if (createGraph)
        {
            // The gradient must stay on the graph, so it is neither copied nor updated in place.
            tensor.Grad = tensor.Grad is null ? grad : tensor.Grad + grad;
            tensor.OwnedGrad = null;
            return;
        }

        // Gradients outlive any TensorScope, and accumulate in place into a buffer only this tensor holds:
        // `grad` itself may be shared (an Add passes its gradient to both inputs), so it is copied, never adopted.
        using var unscoped = TensorScope.Suspend();
        if (tensor.RawGrad is { } existing && ReferenceEquals(existing, tensor.OwnedGrad) && !existing.IsDisposed)
        {
            if (tensor.GradIsStale)
            {
                existing.CopyFromUntracked(grad);
                tensor.AdoptOwnedGrad(existing);
            }
            else
            {
                existing.AddInPlace(grad);
            }
        }
        else if (tensor.RawGrad is null && tensor.TakeSpareGrad() is { IsDisposed: false } spare && spare.Shape == grad.Shape && spare.DType == grad.DType)
        {
            // ZeroGrad() set the gradient to none, and its old buffer was seen by no one: write into it, allocate nothing.
            spare.CopyFromUntracked(grad);
            tensor.AdoptOwnedGrad(spare);
        }
        else
        {
            var existingGrad = tensor.GradUnseen;
            var fresh = existingGrad is null ? grad.CopyUntracked() : (existingGrad + grad).CopyUntracked();
            tensor.AdoptOwnedGrad(fresh);
        }
    }

    /// <summary>Anomaly mode: the first NaN or infinity a backward produces names the node and where it was recorded.</summary>
    private static void AnomalyCheck(Node node, Tensor?[] inputGrads)
    {
        for (var i = 0; i < inputGrads.Length; i++)
        {
            if (inputGrads[i] is not { } g || !g.DType.IsFloatingPoint())
            {
                continue;
            }

            using var scratch = TensorScope.Begin();
            var data = g.ContiguousUntracked();
            var at = g.DType == DType.Float32
                ? Kernels.NonFinite.IndexOf<float>(data.Data<float>())
                : Kernels.NonFinite.IndexOf<double>(data.Data<double>());
            if (at >= 0)
            {
                var value = data.GetAsDouble(data.Offset + at);
                throw new AnomalyDetectedException(node, i, g.Shape, at, value);
            }
        }
    }

    private static void Validate(Node node, int index, Tensor input, Tensor inputGrad)
    {
        if (inputGrad.Shape != input.Shape || inputGrad.DType != input.DType)
        {
            throw new InvalidOperationException(
                $"Backward of {node.Name} returned a gradient of shape {inputGrad.Shape} ({inputGrad.DType.ToTorchName()}) for input {index}, " +
                $"which has shape {input.Shape} ({input.DType.ToTorchName()}).");
        }
    }
}
