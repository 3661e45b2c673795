using System.Numerics;
using Hem.Dicom.Series;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Where the head lies in the scanner: head coordinates (millimetres; x to the patient's left, y posterior, z
/// superior, origin at the level of the thalami, the same axes as DICOM LPS when the head is straight) are turned
/// by a few degrees of yaw, pitch and roll and moved off the isocentre, as real patients lie.
/// </summary>
public sealed class HeadPose
{
    private readonly Matrix4x4 _headToWorld;
    private readonly Matrix4x4 _worldToHead;

    public HeadPose(Vector3 centre, float yawDegrees, float pitchDegrees, float rollDegrees)
    {
        Centre = centre;
        YawDegrees = yawDegrees;
        PitchDegrees = pitchDegrees;
        RollDegrees = rollDegrees;
        const float ToRadians = MathF.PI / 180;
        // Yaw turns about the head-foot axis (z), pitch nods about the left-right axis (x), roll tilts about y.
        _headToWorld = Matrix4x4.CreateRotationY(rollDegrees * ToRadians) * Matrix4x4.CreateRotationX(pitchDegrees * ToRadians) * Matrix4x4.CreateRotationZ(yawDegrees * ToRadians);
        _worldToHead = Matrix4x4.Transpose(_headToWorld);
    }

    public Vector3 Centre { get; }

    public float YawDegrees { get; }

    public float PitchDegrees { get; }

    public float RollDegrees { get; }

    public static HeadPose Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var centre = new Vector3(random.UniformF(-6, 6), random.UniformF(-8, 8), 0);
        return new HeadPose(centre, random.UniformF(-6, 6), random.UniformF(-10, 6), random.UniformF(-4, 4));
    }

    /// <summary>A patient-space (LPS) point in head coordinates.</summary>
    public Vector3 ToHead(Vector3 world) => Vector3.TransformNormal(world - Centre, _worldToHead);

    /// <summary>A patient-space direction in head coordinates.</summary>
    public Vector3 DirectionToHead(Vector3 world) => Vector3.TransformNormal(world, _worldToHead);

    public Vector3 ToWorld(Vector3 head) => Vector3.TransformNormal(head, _headToWorld) + Centre;

    public static Vector3 Of(Vector3D value) => new((float)value.X, (float)value.Y, (float)value.Z);
}
