using System.Globalization;
using Hem.Dicom.Series;

namespace Hem.Imaging.Nifti;

/// <summary>
/// Turns a header's RAS transform into an LPS <see cref="VolumeGeometry"/>: the sform when sform_code &gt; 0 (the
/// NIfTI-1 spec's preferred "method 3"), else the qform when qform_code &gt; 0, else pixdim alone. The inverse of
/// <see cref="RasOrientation"/>: RAS becomes LPS by negating the first two rows again.
/// </summary>
public static class NiftiSpatialTransform
{
    // float32 srow values are good to about 1e-7; a real shear is far larger.
    private const double OrthogonalityTolerance = 1e-4;

    public static (VolumeGeometry Geometry, NiftiTransformSource Source) ToGeometry(NiftiHeaderFields header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.SformCode > 0)
        {
            return (FromSform(header), NiftiTransformSource.Sform);
        }

        return header.QformCode > 0
            ? (FromQform(header), NiftiTransformSource.Qform)
            : (Build(header.Size, Spacing(header), new Vector3D(0, 0, 0), [new(-1, 0, 0), new(0, -1, 0), new(0, 0, 1)]), NiftiTransformSource.Pixdim);
    }

    private static VolumeGeometry FromSform(NiftiHeaderFields header)
    {
        var s = header.Srow;
        if (s.Any(v => !double.IsFinite(v)))
        {
            throw new NiftiFormatException("the sform (srow_x, srow_y, srow_z) holds a value that is not finite");
        }

        var steps = new Vector3D[3];
        var spacing = new double[3];
        for (int c = 0; c < 3; c++)
        {
            steps[c] = new Vector3D(-s[c], -s[4 + c], s[8 + c]);
            spacing[c] = steps[c].Length;
            if (!(spacing[c] > 0))
            {
                throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"the sform's column {c} is zero: voxels along axis {c} have no extent"));
            }
        }

        Vector3D[] directions = [.. steps.Select((step, c) => (1 / spacing[c]) * step)];
        for (int a = 0; a < 3; a++)
        {
            if (Math.Abs(directions[a].Dot(directions[(a + 1) % 3])) > OrthogonalityTolerance)
            {
                throw new NiftiFormatException("the sform's axes are not perpendicular (a sheared grid), which a voxel grid here cannot represent");
            }
        }

        var origin = new Vector3D(-s[3], -s[7], s[11]);
        return Build(header.Size, new Vector3D(spacing[0], spacing[1], spacing[2]), origin, directions);
    }

    /// <summary>nifti_quatern_to_mat44: the rotation from (b, c, d), pixdim and qfac, then RAS to LPS.</summary>
    private static VolumeGeometry FromQform(NiftiHeaderFields header)
    {
        double b = header.QuaternionB, c = header.QuaternionC, d = header.QuaternionD;
        if (!double.IsFinite(b + c + d) || !double.IsFinite(header.QOffset.X + header.QOffset.Y + header.QOffset.Z))
        {
            throw new NiftiFormatException("the qform (quatern_b/c/d, qoffset) holds a value that is not finite");
        }

        double sum = (b * b) + (c * c) + (d * d);
        double a;
        if (1 - sum < 1e-7)
        {
            // A half turn: a is 0 and (b, c, d) is renormalised, as nifti1_io does.
            double scale = 1 / Math.Sqrt(sum);
            (a, b, c, d) = (0, b * scale, c * scale, d * scale);
        }
        else
        {
            a = Math.Sqrt(1 - sum);
        }

        double qfac = header.Qfac < 0 ? -1 : 1;
        Vector3D[] ras =
        [
            new((a * a) + (b * b) - (c * c) - (d * d), 2 * ((b * c) + (a * d)), 2 * ((b * d) - (a * c))),
            new(2 * ((b * c) - (a * d)), (a * a) + (c * c) - (b * b) - (d * d), 2 * ((c * d) + (a * b))),
            qfac * new Vector3D(2 * ((b * d) + (a * c)), 2 * ((c * d) - (a * b)), (a * a) + (d * d) - (c * c) - (b * b)),
        ];
        Vector3D[] lps = [.. ras.Select(r => new Vector3D(-r.X, -r.Y, r.Z))];
        var origin = new Vector3D(-header.QOffset.X, -header.QOffset.Y, header.QOffset.Z);
        return Build(header.Size, Spacing(header), origin, lps);
    }

    private static Vector3D Spacing(NiftiHeaderFields header)
    {
        var p = header.Pixdim;
        if (!(p.X > 0 && p.Y > 0 && p.Z > 0) || !double.IsFinite(p.X + p.Y + p.Z))
        {
            throw new NiftiFormatException($"pixdim[1..3] {p} must be positive voxel sizes when the qform or pixdim places the image");
        }

        return p;
    }

    /// <summary>Gram-Schmidt on the directions, so float32 rounding in the header cannot fail the orthonormality check.</summary>
    private static VolumeGeometry Build(GridSize size, Vector3D spacing, Vector3D origin, Vector3D[] directions)
    {
        var x = directions[0].Normalized();
        var y = (directions[1] - (directions[1].Dot(x) * x)).Normalized();
        var z = (directions[2] - (directions[2].Dot(x) * x) - (directions[2].Dot(y) * y)).Normalized();
        return new VolumeGeometry(size, spacing, origin, x, y, z);
    }
}
