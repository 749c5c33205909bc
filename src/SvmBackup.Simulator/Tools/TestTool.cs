using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// Solaris 10 /usr/bin/test: a hard link to /usr/bin/alias, the ksh wrapper that runs the ksh builtin of its own name.
/// Exit 0 true, 1 false. Files are those of the node (see HostPath) plus the tape drive's nodes (character devices
/// behind /devices symlinks, mode 0666). Modelled: no operand, one string, "!", the file operators
/// -b -c -d -f -h -L -p -r -s -w -x, -n/-z and = / !=. The simulated node's files are root's: as non-root, -w is false.
/// </summary>
internal static class TestTool
{
    private const int XOk = 1;

    public static int Run(ToolContext ctx)
    {
        var a = ctx.Args;
        bool? result;
        switch (a.Count)
        {
            case 0:
                result = false;
                break;
            case 1:
                result = a[0].Length > 0;
                break;
            case 2:
                result = a[0] == "!" ? a[1].Length == 0 : Unary(ctx, a[0], a[1]);
                break;
            case 3:
                result = a[0] == "!" ? !Unary(ctx, a[1], a[2]) : Binary(a[0], a[1], a[2]);
                break;
            default:
                result = null;
                break;
        }
        if (result == null)
        {
            // The ksh88 diagnostic of the wrapper is not in the illumos source; this text is an assumption.
            ctx.Err("test: unknown operator\n");
            return 2;
        }
        return result.Value ? 0 : 1;
    }

    private static bool? Binary(string left, string op, string right) => op switch
    {
        "=" => left == right,
        "!=" => left != right,
        _ => null,
    };

    private static bool? Unary(ToolContext ctx, string op, string operand)
    {
        if (op == "-n")
        {
            return operand.Length > 0;
        }
        if (op == "-z")
        {
            return operand.Length == 0;
        }
        if (TapeDrive.IsNode(operand))
        {
            return op switch
            {
                "-c" or "-h" or "-L" or "-r" or "-w" or "-s" => true,
                "-b" or "-d" or "-f" or "-p" or "-x" => false,
                _ => null,
            };
        }
        var path = HostPath.Resolve(ctx, operand);
        var isDirectory = Directory.Exists(path);
        var isFile = File.Exists(path);
        var exists = isDirectory || isFile;
        return op switch
        {
            "-d" => isDirectory,
            "-f" => isFile,
            "-h" or "-L" => IsSymlink(path),
            "-b" or "-c" or "-p" => false,
            "-r" => exists,
            "-w" => exists && ctx.IsRoot,
            "-x" => exists && (isDirectory || access(path, XOk) == 0),
            "-s" => isDirectory || (isFile && new FileInfo(path).Length > 0),
            _ => null,
        };
    }

    private static bool IsSymlink(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int access(string path, int mode);
}
