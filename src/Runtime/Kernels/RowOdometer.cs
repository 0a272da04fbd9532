namespace AutoDiffGen.Kernels;

/// <summary>
/// Steps a strided n-d walk from one innermost row to the next: increments the outer-dimension index like an odometer
/// and moves each operand's offset by its strides, so kernels handle any layout with one loop over rows.
/// </summary>
internal static class RowOdometer
{
    /// <summary>Advances one operand's offset to the start of the next row.</summary>
    public static void Advance(int[] index, int[] dims, int[] strides, ref int offset)
    {
        for (var axis = dims.Length - 2; axis >= 0; axis--)
        {
            offset += strides[axis];
            if (++index[axis] < dims[axis])
            {
                return;
            }

            offset -= strides[axis] * dims[axis];
            index[axis] = 0;
        }
    }

    /// <summary>Advances two operands' offsets to the start of the next row.</summary>
    public static void Advance(int[] index, int[] dims, int[] aStrides, ref int a, int[] bStrides, ref int b)
    {
        for (var axis = dims.Length - 2; axis >= 0; axis--)
        {
            a += aStrides[axis];
            b += bStrides[axis];
            if (++index[axis] < dims[axis])
            {
                return;
            }

            a -= aStrides[axis] * dims[axis];
            b -= bStrides[axis] * dims[axis];
            index[axis] = 0;
        }
    }

    /// <summary>Advances three operands' offsets to the start of the next row.</summary>
    public static void Advance(int[] index, int[] dims, int[] aStrides, ref int a, int[] bStrides, ref int b, int[] cStrides, ref int c)
    {
        for (var axis = dims.Length - 2; axis >= 0; axis--)
        {
            a += aStrides[axis];
            b += bStrides[axis];
            c += cStrides[axis];
            if (++index[axis] < dims[axis])
            {
                return;
            }

            a -= aStrides[axis] * dims[axis];
            b -= bStrides[axis] * dims[axis];
            c -= cStrides[axis] * dims[axis];
            index[axis] = 0;
        }
    }
}
