<%@ Page Language="C#" %><html><body>maintenance</body></html>
