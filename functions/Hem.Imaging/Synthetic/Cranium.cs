using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The cranial cavity, in template millimetres (a head of average size; <see cref="HeadPhantom"/> scales the
/// case's head onto it): a supratentorial ovoid whose floor dips into the middle cranial fossae, joined to the
/// posterior fossa and the spinal canal; and the tentorium that divides it. Inner skull about 128 x 162 mm.
/// </summary>
public sealed class Cranium
{
    private static readonly Vector3 UpperRadii = new(64, 81, 66);
    private static readonly Vector3 LowerRadii = new(64, 81, 42);
    private static readonly Vector3 FossaCentre = new(0, 36, -34);
    private static readonly Vector3 FossaRadii = new(50, 40, 27);
    private static readonly Vector3 CanalTop = new(0, 30, -48);
    private static readonly Vector3 CanalBottom = new(0, 33, -170);

    /// <summary>Signed distance to the inner table of the skull (negative inside the cavity).</summary>
    [MethodImpl(Hot.Inline)]
    public static float CavityDistance(Vector3 t)
    {
        // Above this height the fossa floors, the posterior fossa and the canal are beyond every blend radius.
        if (t.Z > 5)
        {
            return Implicit.Ellipsoid(t, UpperRadii);
        }

        float upper = Implicit.Ellipsoid(t, t.Z >= 0 ? UpperRadii : LowerRadii);
        float floor = FloorHeight(t.X, t.Y) - t.Z;
        float supratentorial = Implicit.SmoothMax(upper, floor, 6);
        float fossa = Implicit.Ellipsoid(t - FossaCentre, FossaRadii);
        float cavity = Implicit.SmoothMin(supratentorial, fossa, 8);
        return Implicit.SmoothMin(cavity, Implicit.Tube(t, CanalTop, CanalBottom, 13, 11), 6);
    }

    /// <summary>The floor of the anterior and middle cranial fossae: flat at the orbital roofs, deepest laterally under the temporal lobes.</summary>
    [MethodImpl(Hot.Inline)]
    public static float FloorHeight(float x, float y)
    {
        float lateral = (MathF.Abs(x) - 40) / 16;
        float along = (y + 5) / 22;
        return -20 - (18 * MathF.Exp(-(lateral * lateral) - (along * along)));
    }

    /// <summary>The tentorium's height where it exists (behind the petrous ridges): a tent, highest at the incisura.</summary>
    [MethodImpl(Hot.Inline)]
    public static float TentoriumHeight(float x, float y) => -5 - (0.01f * x * x) - (0.17f * (y - 10));

    /// <summary>Whether a point lies behind the petrous ridges, where the tentorium separates the fossae.</summary>
    [MethodImpl(Hot.Inline)]
    public static bool BehindPetrousRidge(float x, float y) => y > 14 + (0.1f * MathF.Abs(x));

    /// <summary>
    /// Signed height above the tentorium (positive above it), or +infinity in front of the petrous ridges where
    /// everything is supratentorial.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public static float AboveTentorium(Vector3 t) => BehindPetrousRidge(t.X, t.Y) ? t.Z - TentoriumHeight(t.X, t.Y) : float.PositiveInfinity;

    /// <summary>The incisura: the opening of the tentorium around the midbrain, where no membrane lies.</summary>
    [MethodImpl(Hot.Inline)]
    public static bool InIncisura(Vector3 t) => MathF.Abs(t.X) < 13 && t.Y < 30;

    /// <summary>The half-axes of the cavity's bounding box, for lattices and render bounds (template mm).</summary>
    public static Vector3 BoundsMin => new(-UpperRadii.X, -UpperRadii.Y, -75);

    public static Vector3 BoundsMax => new(UpperRadii.X, UpperRadii.Y, UpperRadii.Z);
}
