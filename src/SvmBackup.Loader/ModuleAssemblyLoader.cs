using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SvmBackup.PowerShell.Loading
{
    /// <summary>
    /// Keeps SvmBackup's dependencies (SSH.NET and what it needs, the core and simulator assemblies) out of the way of
    /// other modules: they live in the module's dependencies/ folder, not next to SvmBackup.dll. On PowerShell 7 (.NET)
    /// the core is loaded into a private AssemblyLoadContext that resolves its own SSH.NET, so a session where another
    /// module already loaded a different Renci.SshNet.dll (as Posh-SSH does) still works. Windows PowerShell 5.1 has no
    /// load contexts: there dependencies are found through AppDomain.AssemblyResolve (a conflicting version already
    /// loaded there still wins — documented limit).
    /// </summary>
    public sealed class ModuleAssemblyLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        // SvmBackup.Loader.dll sits next to SvmBackup.dll at the module root.
        internal static string DependencyFolder { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleAssemblyLoader).Assembly.Location) ?? ".", "dependencies");

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve += ResolveOnFramework;
            else RegisterLoadContext();
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnFramework;
            else UnregisterLoadContext();
        }

        // Only these two methods name DependencyLoadContext: .NET Framework loads a type (and fails on its
        // AssemblyLoadContext base) when it compiles a method naming it, so they must never be compiled, nor inlined, there.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterLoadContext() => DependencyLoadContext.Register(DependencyFolder);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void UnregisterLoadContext() => DependencyLoadContext.Unregister();

        private static Assembly? ResolveOnFramework(object? sender, ResolveEventArgs args)
        {
            var path = Path.Combine(DependencyFolder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
