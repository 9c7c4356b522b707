namespace HafniumTools.Shell;

public static class Program
{
    public static int Main(string[] args) => ShellCommand.Run(args);
}
