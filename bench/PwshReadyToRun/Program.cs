// pwsh's console host, from the PowerShell SDK: the same engine and command line as the pwsh the repository pins.
return Microsoft.PowerShell.ConsoleShell.Start(string.Empty, string.Empty, args);
