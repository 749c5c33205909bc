namespace SvmBackup.Simulator.State;

internal enum MetadeviceKind
{
    Mirror,
    Stripe,
}
