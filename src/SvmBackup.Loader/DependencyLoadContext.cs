using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace SvmBackup.PowerShell.Loading
{
    /// <summary>
    /// The private load context of SvmBackup's engine on .NET: the default context asks it for SvmBackup.Core and
    /// SvmBackup.Simulator (the only assemblies SvmBackup.dll references), and it loads them and everything they need
    /// from dependencies/ — so their SSH.NET is theirs, whatever the default context already holds. Anything not in
    /// that folder (the framework, System.Management.Automation) comes from the default context as usual.
    /// Kept in its own class: Windows PowerShell must never JIT a method that names AssemblyLoadContext.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly string[] Engine = { "SvmBackup.Core", "SvmBackup.Simulator" };
        private static DependencyLoadContext? _instance;
        private readonly string _folder;

        private DependencyLoadContext(string folder) => _folder = folder;

        public static void Register(string folder)
        {
            _instance = _instance ?? new DependencyLoadContext(folder);
            Default.Resolving += ResolveEngine;
        }

        public static void Unregister() => Default.Resolving -= ResolveEngine;

        /// <summary>Only the engine assemblies are taken over; the default context keeps everything else.</summary>
        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
        {
            if (_instance == null || Array.IndexOf(Engine, name.Name) < 0) return null;
            return _instance.LoadFromAssemblyName(name);
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
