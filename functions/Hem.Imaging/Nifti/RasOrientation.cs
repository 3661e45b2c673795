using Hem.Dicom.Series;

namespace Hem.Imaging.Nifti;

/// <summary>
/// A volume's orientation the way NIfTI states it. DICOM patient coordinates are LPS (x to the patient's left,
/// y to the back); NIfTI's are RAS, so the first two rows of the affine change sign. The qform stores the same
/// transform as spacing, a rotation quaternion and an offset; a left-handed voxel grid is a rotation with the
/// third axis flipped, recorded as qfac = -1 (nifti1.h, "METHOD 2").
/// </summary>
public sealed class RasOrientation
{
    private readonly double[] _affine;

    private RasOrientation(double[] affine, float b, float c, float d, double qfac)
    {
        _affine = affine;
        QuaternionB = b;
        QuaternionC = c;
        QuaternionD = d;
        Qfac = qfac;
    }

    /// <summary>The quaternion's b, c and d as the header stores them (float32); a is implied, a >= 0.</summary>
    public float QuaternionB { get; }

    public float QuaternionC { get; }

    public float QuaternionD { get; }

    /// <summary>1 for a right-handed voxel grid, -1 for a left-handed one.</summary>
    public double Qfac { get; }

    /// <summary>The RAS affine (index to millimetres), row <paramref name="row"/> and column <paramref name="column"/>.</summary>
    public double this[int row, int column] => _affine[(row * 4) + column];

    public static RasOrientation From(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var lps = geometry.Affine.ToRowMajorArray();
        double[] ras = [.. lps];
        for (int column = 0; column < 4; column++)
        {
            ras[column] = -lps[column];
            ras[4 + column] = -lps[4 + column];
        }

        // The rotation: unit axis directions in RAS as columns.
        var axes = new[] { geometry.RowDirection, geometry.ColumnDirection, geometry.SliceDirection }
            .Select(a => new Vector3D(-a.X, -a.Y, a.Z))
            .ToArray();
        double qfac = axes[0].Cross(axes[1]).Dot(axes[2]) < 0 ? -1 : 1;
        if (qfac < 0)
        {
            axes[2] = -axes[2];
        }

        var (a, b, c, d) = Quaternion(
            axes[0].X, axes[1].X, axes[2].X,
            axes[0].Y, axes[1].Y, axes[2].Y,
            axes[0].Z, axes[1].Z, axes[2].Z);
        var (fb, fc, fd) = ToSingle(a, b, c, d);
        return new RasOrientation(ras, fb, fc, fd, qfac);
    }

    /// <summary>
    /// Rounds (b, c, d) to float32 so that the a readers recompute, sqrt(1 - b² - c² - d²), stays close to the true
    /// a. Plain rounding is not enough when a is near 0 (a half turn, which every axial LPS-to-RAS rotation is
    /// close to): a residue of 1e-7 in the sum becomes an a of 3e-4, a visible error in the rotation, and a residue
    /// below -3.6e-7 makes nibabel refuse the header. Nudging the largest component by a few ULPs fixes both.
    /// </summary>
    private static (float B, float C, float D) ToSingle(double a, double b, double c, double d)
    {
        float[] best = [(float)b, (float)c, (float)d];
        double bestError = ImpliedError(best, a);
        int largest = Enumerable.Range(0, 3).MaxBy(i => Math.Abs(best[i]));
        float down = best[largest], up = best[largest];
        for (int step = 0; step < 8; step++)
        {
            down = MathF.BitDecrement(down);
            up = MathF.BitIncrement(up);
            foreach (float candidate in new[] { down, up })
            {
                float[] trial = [.. best];
                trial[largest] = candidate;
                double error = ImpliedError(trial, a);
                if (error < bestError)
                {
                    (best, bestError) = (trial, error);
                }
            }
        }

        return (best[0], best[1], best[2]);
    }

    private static double ImpliedError(float[] bcd, double a)
    {
        double w2 = 1 - (((double)bcd[0] * bcd[0]) + ((double)bcd[1] * bcd[1]) + ((double)bcd[2] * bcd[2]));
        if (w2 < -1e-7)
        {
            return double.PositiveInfinity;
        }

        return Math.Abs((w2 > 0 ? Math.Sqrt(w2) : 0) - a);
    }

    /// <summary>nifti_mat44_to_quatern for a proper rotation matrix: (a, b, c, d) with a >= 0.</summary>
    private static (double A, double B, double C, double D) Quaternion(
        double r11, double r12, double r13,
        double r21, double r22, double r23,
        double r31, double r32, double r33)
    {
        double a = r11 + r22 + r33 + 1;
        double b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        }
        else
        {
            // Near a half turn: take the largest diagonal term as the pivot to stay accurate.
            double xd = 1 + r11 - (r22 + r33);
            double yd = 1 + r22 - (r11 + r33);
            double zd = 1 + r33 - (r11 + r22);
            if (xd > 1)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r12 + r21) / b;
                d = 0.25 * (r13 + r31) / b;
                a = 0.25 * (r32 - r23) / b;
            }
            else if (yd > 1)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r12 + r21) / c;
                d = 0.25 * (r23 + r32) / c;
                a = 0.25 * (r13 - r31) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r13 + r31) / d;
                c = 0.25 * (r23 + r32) / d;
                a = 0.25 * (r21 - r12) / d;
            }

            if (a < 0)
            {
                (a, b, c, d) = (-a, -b, -c, -d);
            }
        }

        return (a, b, c, d);
    }
}
