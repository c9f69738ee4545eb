namespace Kan.Physics.Problems.Functions;

/// <summary>
/// The four outputs of <see cref="SpecialFunctions.Ellipj"/>, in scipy's order: sn(u|m), cn(u|m), dn(u|m) and the
/// amplitude ph = am(u|m), with sn = sin ph and cn = cos ph.
/// </summary>
public readonly record struct JacobiElliptic(double Sn, double Cn, double Dn, double Ph);
