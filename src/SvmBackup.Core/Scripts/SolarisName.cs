using System;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SvmBackup.Scripts
{
    /// <summary>
    /// Validation of names before they reach a remote shell. Every name is validated here AND quoted when the
    /// script is built: validation gives a clear error early, quoting keeps the shell safe if a rule is ever too loose.
    /// </summary>
    public static class SolarisName
    {
        // \z, not $: "$" also matches before a trailing newline, which would let "d1\n" through to the shell.
        // libmeta meta_canonicalize_check_set: a metadevice name starts with a letter, then [A-Za-z0-9._-]; "all"/"none" reserved.
        private static readonly Regex Metadevice = new Regex("^[A-Za-z][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant);
        // Disk set names follow the same character rules (metaset -s NAME).
        private static readonly Regex DiskSet = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}\\z", RegexOptions.CultureInvariant);
        // RFC 1123 labels (an IPv4 address is one such name); an IPv6 literal is checked apart, by parsing it.
        private static readonly Regex HostName = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Ipv6Characters = new Regex("^[0-9A-Fa-f:.]{2,45}\\z", RegexOptions.CultureInvariant);
        // Absolute paths without shell-significant characters beyond what real mount points and devices use.
        private static readonly Regex AbsolutePath = new Regex("^/[A-Za-z0-9._,+:@%/-]{0,1023}\\z", RegexOptions.CultureInvariant);

        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid metadevice name (d10, home_mirror).</summary>
        public static string ValidateMetadevice(string name, string parameterName = "name")
        {
            if (name == null || !Metadevice.IsMatch(name) || name == "all" || name == "none")
                throw new SvmInvalidNameException($"'{name}' is not a valid metadevice name: it must start with a letter and contain only letters, digits, '.', '_' and '-'.", parameterName, name);
            return name;
        }

        /// <summary>
        /// Throws unless <paramref name="name"/> is a metadevice name (d0) or, for a disk set's metadevice, SET/NAME as
        /// <c>SvmMirror.FullName</c> writes it (schost-1/d0).
        /// </summary>
        public static string ValidateQualifiedMetadevice(string name, string parameterName = "name")
        {
            var slash = name == null ? -1 : name.IndexOf('/');
            if (slash < 0) return ValidateMetadevice(name!, parameterName);
            try
            {
                ValidateDiskSet(name!.Substring(0, slash), parameterName);
                ValidateMetadevice(name.Substring(slash + 1), parameterName);
            }
            catch (SvmInvalidNameException)
            {
                throw new SvmInvalidNameException($"'{name}' is not a valid metadevice name: d1, or SET/d1 in a disk set.", parameterName, name);
            }
            return name;
        }

        /// <summary>Throws unless <paramref name="name"/> is a valid disk set name.</summary>
        public static string ValidateDiskSet(string name, string parameterName = "diskSet")
        {
            if (name == null || !DiskSet.IsMatch(name))
                throw new SvmInvalidNameException($"'{name}' is not a valid disk set name: use letters, digits, '.', '_' and '-'.", parameterName, name);
            return name;
        }

        /// <summary>Throws unless <paramref name="name"/> is a host name or address (RFC 1123 labels, IPv4, or IPv6 without brackets).</summary>
        public static string ValidateHostName(string name, string parameterName = "computerName")
        {
            // A name is at most 253 characters (RFC 1035) however valid its labels; and the characters of an IPv6 address
            // alone also took "..", "::::" or "d1:d2", which would have gone to DNS and SSH: an IPv6 literal must parse as one.
            var valid = name != null && ((name.Length <= 253 && HostName.IsMatch(name)) ||
                                         (name.IndexOf(':') >= 0 && Ipv6Characters.IsMatch(name) && IPAddress.TryParse(name, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6));
            if (!valid)
                throw new SvmInvalidNameException($"'{name}' is not a valid host name or address.", parameterName, name);
            return name!;
        }

        /// <summary>Throws unless <paramref name="path"/> is an absolute path made only of ordinary characters.</summary>
        public static string ValidateAbsolutePath(string path, string parameterName = "path")
        {
            if (path == null || !AbsolutePath.IsMatch(path) || path.Contains("/../") || path.EndsWith("/..", StringComparison.Ordinal))
                throw new SvmInvalidNameException($"'{path}' is not an acceptable absolute path: it must start with '/' and contain no spaces, quotes, shell metacharacters or '..'.", parameterName, path);
            return path;
        }
    }
}
